/**
 * Builds every connector from resolved settings: the four built in, then the added ones (connectors/added.ts). The one
 * place that knows every agency's factory: the hub asks for `Connectors` and never imports a connector module, an HTTP
 * client or a SQL driver itself.
 */
import { AGENCY_CODES, type AgencyCode } from '../src/domain/catalog.js';
import type { BkdSettings, DapodikSettings, DisdukcapilSettings, SatusehatSettings } from '../src/config.js';
import { ADDED_CONNECTORS } from './added.js';
import { createBkdConnector } from './bkd/index.js';
import { createDinkesConnector } from './dinkes/index.js';
import { createDisdikConnector } from './disdik/index.js';
import { createDisdukcapilConnector } from './disdukcapil/index.js';
import type { ConnectorDeps } from './kit/deps.js';
import type { ConnectorModule, Connectors, SourceConnector } from './types.js';

export interface ConnectorSettings {
  bkd: BkdSettings;
  disdik: DapodikSettings;
  dinkes: SatusehatSettings;
  disdukcapil: DisdukcapilSettings;
  /** Each added connector's settings, by agency, as its module made them (from the environment or its stand-in). */
  added: ReadonlyMap<AgencyCode, unknown>;
}

/**
 * Throws when an agency code has no connector, or two: `Agency.source` and `sources` need exactly one per agency, and
 * a code added without its module (or a module listed twice) is a mistake better found at start-up than per request.
 */
export function createConnectors(settings: ConnectorSettings, deps: ConnectorDeps, modules: readonly ConnectorModule<unknown>[] = ADDED_CONNECTORS): Connectors {
  const depsOf = (agency: AgencyCode): ConnectorDeps => ({ ...deps, log: deps.log.child({ source: agency }) });
  const bkd = createBkdConnector(settings.bkd, depsOf('BKD'));
  const disdik = createDisdikConnector(settings.disdik, depsOf('DISDIK'));
  const dinkes = createDinkesConnector(settings.dinkes, depsOf('DINKES'));
  const disdukcapil = createDisdukcapilConnector(settings.disdukcapil, depsOf('DISDUKCAPIL'));
  const added = modules.map((module) => {
    if (!settings.added.has(module.agency)) throw new Error(`createConnectors: no settings for the added ${module.agency} connector`);
    return module.create(settings.added.get(module.agency), depsOf(module.agency));
  });
  const byAgency = new Map<AgencyCode, SourceConnector>();
  for (const connector of [disdukcapil, disdik, dinkes, bkd, ...added]) {
    if (byAgency.has(connector.agency)) throw new Error(`createConnectors: two connectors for ${connector.agency} (is it listed twice in connectors/added.ts?)`);
    byAgency.set(connector.agency, connector);
  }
  const missing = AGENCY_CODES.filter((agency) => !byAgency.has(agency));
  if (missing.length > 0) throw new Error(`createConnectors: no connector for ${missing.join(', ')} (add its module to connectors/added.ts)`);
  const all = AGENCY_CODES.flatMap((agency) => byAgency.get(agency) ?? []);
  let closing: Promise<void> | undefined;
  return {
    bkd,
    disdik,
    dinkes,
    disdukcapil,
    all,
    byAgency: (agency) => {
      const connector = byAgency.get(agency);
      if (connector === undefined) throw new Error(`no connector for ${agency}`);
      return connector;
    },
    close() {
      closing ??= Promise.all(all.map((connector) => connector.close())).then(() => undefined);
      return closing;
    },
  };
}

/**
 * An added connector with its own type (its capabilities beyond `SourceConnector`), for a loader or resolver that uses
 * them: `connectorOf(ctx.sources.connectors, dishubModule).units`.
 */
export function connectorOf<C extends SourceConnector>(connectors: Connectors, module: ConnectorModule<unknown, C>): C {
  // createConnectors made this agency's connector with this very module's `create`, whose result is a C.
  return connectors.byAgency(module.agency) as C;
}
