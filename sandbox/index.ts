/**
 * Starts the sandbox stand-ins of the four source systems, and of the sources added with `npm run new:connector`
 * (connectors/added.ts), in-process, on ephemeral ports, all rendering one demo world. `npm start` (development) starts
 * the ones whose source has no endpoint configured; tests start them to steer them (latency, failures, outages) and to
 * count the calls they receive.
 */
import { ADDED_CONNECTORS } from '../connectors/added.js';
import type { ConnectorModule } from '../connectors/types.js';
import type { BkdSettings, DapodikSettings, DisdukcapilSettings, SatusehatSettings } from '../src/config.js';
import { AGENCY_CODES, type AgencyCode } from '../src/domain/catalog.js';
import { startBkdStandIn, type BkdStandIn } from './bkd/stand-in.js';
import { startDapodikStandIn, type DapodikStandIn } from './dapodik/stand-in.js';
import { startDisdukcapilStandIn, type DisdukcapilStandIn } from './disdukcapil/stand-in.js';
import type { StandInControl } from './kit/faults.js';
import { startSatusehatStandIn, type SatusehatStandIn } from './satusehat/stand-in.js';
import { demoWorld } from './world/generate.js';
import type { World } from './world/types.js';

export interface Sandbox {
  readonly world: World;
  readonly bkd: BkdStandIn | null;
  readonly disdik: DapodikStandIn | null;
  readonly dinkes: SatusehatStandIn | null;
  readonly disdukcapil: DisdukcapilStandIn | null;
  /** The settings a hub uses to reach the stand-ins that were started. */
  readonly settings: {
    bkd: BkdSettings | null;
    disdik: DapodikSettings | null;
    dinkes: SatusehatSettings | null;
    disdukcapil: DisdukcapilSettings | null;
  };
  /** The settings of an added source's stand-in (throws when it was not started). */
  addedSettings<S>(module: ConnectorModule<S>): S;
  /** The same as environment variables, for a hub started in another process. */
  env(): Record<string, string>;
  /** The stand-in of one agency (started ones only). */
  standIn(agency: AgencyCode): StandInControl;
  /** Clears every fault and every call count. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Which stand-ins to start. @default every agency's */
  only?: readonly AgencyCode[];
  /** @default the demo world */
  world?: World;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = options.world ?? demoWorld();
  const wanted = new Set<AgencyCode>(options.only ?? AGENCY_CODES);
  const started: StandInControl[] = [];
  const start = async <T extends StandInControl>(agency: AgencyCode, run: () => Promise<T>): Promise<T | null> => {
    if (!wanted.has(agency)) return null;
    const standIn = await run();
    started.push(standIn);
    return standIn;
  };
  try {
    const [bkd, disdik, dinkes, disdukcapil, added] = await Promise.all([
      start('BKD', () => startBkdStandIn({ world })),
      start('DISDIK', () => startDapodikStandIn({ world })),
      start('DINKES', () => startSatusehatStandIn({ world })),
      start('DISDUKCAPIL', () => startDisdukcapilStandIn({ world })),
      startAdded(ADDED_CONNECTORS.filter((module) => wanted.has(module.agency)), world, started),
    ]);
    const settings = {
      bkd: bkd && { url: bkd.url, clientId: bkd.clientId, clientSecret: bkd.clientSecret },
      disdik: disdik && { url: disdik.url, token: disdik.token },
      dinkes: dinkes && { url: dinkes.url, clientId: dinkes.clientId, clientSecret: dinkes.clientSecret },
      disdukcapil: disdukcapil && { databaseUrl: disdukcapil.url },
    };
    const byAgency: Partial<Record<AgencyCode, StandInControl>> = {
      ...(bkd && { BKD: bkd }),
      ...(disdik && { DISDIK: disdik }),
      ...(dinkes && { DINKES: dinkes }),
      ...(disdukcapil && { DISDUKCAPIL: disdukcapil }),
      ...Object.fromEntries(added.map(({ module, standIn }) => [module.agency, standIn.control])),
    };
    let stopping: Promise<void> | undefined;
    return {
      world,
      bkd,
      disdik,
      dinkes,
      disdukcapil,
      settings,
      env: () => ({
        ...(settings.bkd && { BKD_SIASN_URL: settings.bkd.url, BKD_SIASN_CLIENT_ID: settings.bkd.clientId, BKD_SIASN_CLIENT_SECRET: settings.bkd.clientSecret }),
        ...(settings.disdik && { DAPODIK_URL: settings.disdik.url, DAPODIK_TOKEN: settings.disdik.token }),
        ...(settings.dinkes && {
          SATUSEHAT_URL: settings.dinkes.url,
          SATUSEHAT_CLIENT_ID: settings.dinkes.clientId,
          SATUSEHAT_CLIENT_SECRET: settings.dinkes.clientSecret,
        }),
        ...(settings.disdukcapil && { DISDUKCAPIL_DATABASE_URL: settings.disdukcapil.databaseUrl }),
        ...Object.fromEntries(added.flatMap(({ module, standIn }) => Object.entries(module.toEnv(standIn.settings)))),
      }),
      addedSettings<S>(module: ConnectorModule<S>): S {
        const entry = added.find((a) => a.module === module);
        if (entry === undefined) throw new Error(`the ${module.agency} stand-in was not started`);
        // The stand-in was started by this very module (see startAdded), so its settings are the module's own type.
        return entry.standIn.settings as S;
      },
      standIn(agency) {
        const standIn = byAgency[agency];
        if (standIn === undefined) throw new Error(`the ${agency} stand-in was not started`);
        return standIn;
      },
      async reset() {
        await Promise.all(started.map(async (s) => {
          await s.clearFaults();
          s.calls.reset();
        }));
      },
      stop() {
        stopping ??= Promise.all(started.map((s) => s.stop())).then(() => undefined);
        return stopping;
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
}

/** Starts the added sources' stand-ins, registering each in `started` as soon as it runs (so that a failure stops it). */
async function startAdded(modules: readonly ConnectorModule<unknown>[], world: World, started: StandInControl[]) {
  return Promise.all(
    modules.map(async (module) => {
      const standIn = await module.startStandIn(world);
      started.push(standIn.control);
      return { module, standIn };
    }),
  );
}
