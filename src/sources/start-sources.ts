/**
 * Resolves where each source is (its configured endpoint, or in development its sandbox stand-in, started here) and
 * builds the connectors. The sandbox module is loaded only when a stand-in is needed: production never loads it.
 */
import { ADDED_CONNECTORS } from '../../connectors/added.js';
import type { ConnectorSettings } from '../../connectors/registry.js';
import { createConnectors } from '../../connectors/registry.js';
import type { SourceObserver } from '../../connectors/kit/guard.js';
import type { Connectors } from '../../connectors/types.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { SourcesConfig } from '../config.js';
import type { AgencyCode } from '../domain/catalog.js';
import type { Logger } from '../logger.js';

export interface StartedSources {
  connectors: Connectors;
  /** The stand-ins started for sources without an endpoint; null when every source is configured. */
  sandbox: Sandbox | null;
  /** Which agencies the sandbox serves. */
  sandboxed: ReadonlySet<AgencyCode>;
  /** Closes the connectors, then the stand-ins. Safe to call twice. */
  close(): Promise<void>;
}

export async function startSources(config: SourcesConfig, deps: { log: Logger; observer: SourceObserver }): Promise<StartedSources> {
  const sandboxed = new Set<AgencyCode>(
    (
      [
        ['BKD', config.bkd],
        ['DISDIK', config.disdik],
        ['DINKES', config.dinkes],
        ['DISDUKCAPIL', config.disdukcapil],
        ...config.added,
      ] as const
    )
      .filter(([, setting]) => setting.kind === 'sandbox')
      .map(([agency]) => agency),
  );
  let sandbox: Sandbox | null = null;
  if (sandboxed.size > 0) {
    const { startSandbox } = await import('../../sandbox/index.js');
    sandbox = await startSandbox({ only: [...sandboxed] });
    for (const agency of sandboxed) {
      deps.log.info({ agency, url: sandbox.standIn(agency).url.replace(/:[^:@/]*@/, ':***@') }, `source ${agency}: no endpoint configured, served by its sandbox stand-in`);
    }
  }
  const fromSandbox = <K extends keyof Sandbox['settings']>(key: K): NonNullable<Sandbox['settings'][K]> => {
    const setting = sandbox?.settings[key];
    if (setting === null || setting === undefined) throw new Error(`sandbox ${key} settings missing`);
    return setting;
  };
  const settings: ConnectorSettings = {
    bkd: config.bkd.kind === 'remote' ? config.bkd : fromSandbox('bkd'),
    disdik: config.disdik.kind === 'remote' ? config.disdik : fromSandbox('disdik'),
    dinkes: config.dinkes.kind === 'remote' ? config.dinkes : fromSandbox('dinkes'),
    disdukcapil: config.disdukcapil.kind === 'remote' ? config.disdukcapil : fromSandbox('disdukcapil'),
    added: new Map(
      ADDED_CONNECTORS.map((module) => {
        const setting = config.added.get(module.agency);
        if (setting === undefined) throw new Error(`no configuration for the added ${module.agency} source`);
        if (setting.kind === 'remote') return [module.agency, setting.settings];
        if (sandbox === null) throw new Error(`sandbox ${module.agency} settings missing`);
        return [module.agency, sandbox.addedSettings(module)];
      }),
    ),
  };
  const connectors = createConnectors(settings, {
    log: deps.log,
    observer: deps.observer,
    cacheTtlMs: config.cacheTtlMs,
    guard: {
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      concurrency: config.concurrency,
      queueLimit: 200,
      breakerThreshold: config.breakerThreshold,
      breakerCooldownMs: config.breakerCooldownMs,
    },
  });
  let closing: Promise<void> | undefined;
  return {
    connectors,
    sandbox,
    sandboxed,
    close() {
      closing ??= (async () => {
        await connectors.close();
        await sandbox?.stop();
      })();
      return closing;
    },
  };
}
