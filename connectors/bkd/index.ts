/**
 * BKD's connector: civil-service records from SIASN (REST/JSON with an OAuth2 client-credentials token) and the
 * regional SIMPEG's work-unit roster. See `client.ts` for the protocol, `staff-records.ts` for what is called and
 * cached, `map.ts` and `agency-of-unit.ts` for the translation into the hub's staff domain.
 */
import type { BkdSettings } from '../../src/config.js';
import type { BkdConnector } from '../types.js';
import type { ConnectorDeps } from '../kit/deps.js';
import { SourceGuard } from '../kit/guard.js';
import { displayEndpoint } from '../kit/http.js';
import { SiasnClient } from './client.js';
import { SiasnStaffRecords } from './staff-records.js';

export function createBkdConnector(settings: BkdSettings, deps: ConnectorDeps): BkdConnector {
  // The registry already gives this logger the source's name; ids and codes only, never personal data.
  const log = deps.log;
  const guard = new SourceGuard('BKD', deps.guard, deps.observer);
  const client = new SiasnClient(settings, guard, log);
  const staff = new SiasnStaffRecords(client, { cacheTtlMs: deps.cacheTtlMs, log });
  let closed = false;

  return {
    agency: 'BKD',
    system: 'SIASN (BKD)',
    protocol: 'REST_JSON',
    endpoint: displayEndpoint(settings.url),
    staff,
    status: () => guard.status(),
    /** One unretried read of SIMPEG's unit list: it needs a token and the API, so it tests both. */
    async health() {
      await client.read('health', 'simpeg/unor', { parse: () => undefined, idempotent: false });
    },
    async close() {
      if (closed) return;
      closed = true;
      client.close();
      staff.clear();
    },
  };
}
