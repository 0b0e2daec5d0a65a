/**
 * Builds the four connectors from resolved settings. The one place that knows every agency's factory: the hub asks
 * for `Connectors` and never imports a connector module, an HTTP client or a SQL driver itself.
 */
import type { AgencyCode } from '../src/domain/catalog.js';
import type { BkdSettings, DapodikSettings, DisdukcapilSettings, SatusehatSettings } from '../src/config.js';
import { createBkdConnector } from './bkd/index.js';
import { createDinkesConnector } from './dinkes/index.js';
import { createDisdikConnector } from './disdik/index.js';
import { createDisdukcapilConnector } from './disdukcapil/index.js';
import type { ConnectorDeps } from './kit/deps.js';
import type { Connectors, SourceConnector } from './types.js';

export interface ConnectorSettings {
  bkd: BkdSettings;
  disdik: DapodikSettings;
  dinkes: SatusehatSettings;
  disdukcapil: DisdukcapilSettings;
}

export function createConnectors(settings: ConnectorSettings, deps: ConnectorDeps): Connectors {
  const bkd = createBkdConnector(settings.bkd, { ...deps, log: deps.log.child({ source: 'BKD' }) });
  const disdik = createDisdikConnector(settings.disdik, { ...deps, log: deps.log.child({ source: 'DISDIK' }) });
  const dinkes = createDinkesConnector(settings.dinkes, { ...deps, log: deps.log.child({ source: 'DINKES' }) });
  const disdukcapil = createDisdukcapilConnector(settings.disdukcapil, { ...deps, log: deps.log.child({ source: 'DISDUKCAPIL' }) });
  const byAgency: Readonly<Record<AgencyCode, SourceConnector>> = { BKD: bkd, DISDIK: disdik, DINKES: dinkes, DISDUKCAPIL: disdukcapil };
  let closing: Promise<void> | undefined;
  return {
    bkd,
    disdik,
    dinkes,
    disdukcapil,
    all: [disdukcapil, disdik, dinkes, bkd],
    byAgency: (agency) => byAgency[agency],
    close() {
      closing ??= Promise.all([bkd.close(), disdik.close(), dinkes.close(), disdukcapil.close()]).then(() => undefined);
      return closing;
    },
  };
}
