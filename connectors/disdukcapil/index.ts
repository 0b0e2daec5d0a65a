/**
 * Disdukcapil's connector: the civil registry's own PostgreSQL database, through a read-only role.
 *
 * - Catalog: the active offices (UPT) with the active services linked to them, and the active service standards, in
 *   two statements on one connection; no per-office reads, so the cost does not grow with the catalog.
 * - Residents: `verifikasi_penduduk(nik, name, birth date)` answers match / no match per field; the population record
 *   never leaves the agency, and nothing of the claim is logged. The hub validates a claim before it asks (16-digit
 *   NIK, ISO date); the connector does not refuse one, it sends whatever arrives as bound parameters, and a value that
 *   cannot match is answered as no match (see `verificationParameters`). Answers are reused for `deps.cacheTtlMs`
 *   (keyed by a hash of the claim) and concurrent identical claims share one statement.
 *
 * Every statement runs through the guard (reads: retried within the budget) on the connector's own pool of at most
 * four connections; see ./pool.ts for how a call past its budget releases its connection, and ./errors.ts for how
 * driver and server errors become SourceErrors.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DisdukcapilSettings } from '../../src/config.js';
import type { ConnectorDeps } from '../kit/deps.js';
import { SourceGuard } from '../kit/guard.js';
import { displayEndpoint } from '../kit/http.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import { TtlCache } from '../kit/ttl-cache.js';
import type { DisdukcapilConnector, ResidentClaim, ResidentVerification, SourceCatalog } from '../types.js';
import { toSourceError } from './errors.js';
import { toSourceOffice, toSourceService, toVerification, verificationParameters } from './mapping.js';
import { createReaderPool, type RunStatement } from './pool.js';
import { HEALTH_SQL, OFFICES_SQL, SERVICES_SQL, VERIFY_SQL, officeRowSchema, serviceRowSchema, verificationRowsSchema } from './rows.js';

const AGENCY = 'DISDUKCAPIL';

export function createDisdukcapilConnector(settings: DisdukcapilSettings, deps: ConnectorDeps): DisdukcapilConnector {
  const log = deps.log;
  const guard = new SourceGuard(AGENCY, deps.guard, deps.observer);
  const pool = createReaderPool({ databaseUrl: settings.databaseUrl, timeoutMs: deps.guard.timeoutMs, log });
  const verifications = new TtlCache<ResidentVerification>({ ttlMs: deps.cacheTtlMs });
  // The catalog is read by the periodic sync, which wants the source's current state: shared while in flight only.
  const catalogs = new TtlCache<SourceCatalog>({ ttlMs: 0 });
  let closing: Promise<void> | null = null;

  /** Runs `work` on one connection under the guard; `personal`: its parameters are personal data. */
  function read<T>(call: string, personal: boolean, work: (run: RunStatement) => Promise<T>): Promise<T> {
    if (closing !== null) return Promise.reject(new SourceError(AGENCY, 'UNAVAILABLE', `${call}: connector closed`, { retryable: false }));
    return guard
      .run(
        call,
        async (context) => {
          try {
            return await pool.withConnection(context, work);
          } catch (error) {
            throw toSourceError(error, { call, serverTextAllowed: !personal });
          }
        },
        { idempotent: true },
      )
      .catch((error: unknown) => {
        // The field that broke the contract is only in the message; the other failures show in the source status.
        if (error instanceof SourceError && error.failure === 'MALFORMED') log.warn({ call, failure: error.failure }, error.message);
        throw error;
      });
  }

  async function loadCatalog(): Promise<SourceCatalog> {
    return read('catalog', false, async (run) => {
      const officeRows = parseSource(AGENCY, 'upt', z.array(officeRowSchema), await run(OFFICES_SQL));
      const serviceRows = parseSource(AGENCY, 'layanan', z.array(serviceRowSchema), await run(SERVICES_SQL));
      const services = serviceRows.map(toSourceService);
      // The two statements are not one snapshot: an office lists only services this answer contains.
      const listed = new Set(services.map((service) => service.ref));
      const offices = officeRows.map(toSourceOffice).map((office) => ({ ...office, serviceRefs: office.serviceRefs.filter((ref) => listed.has(ref)) }));
      return { offices, services };
    });
  }

  function verifyOnce(claim: ResidentClaim): Promise<ResidentVerification> {
    return read('verify', true, async (run) => {
      const rows = await run(VERIFY_SQL, verificationParameters(claim));
      return toVerification(parseSource(AGENCY, 'verifikasi_penduduk', verificationRowsSchema, rows)[0]!);
    });
  }

  return {
    agency: AGENCY,
    system: 'SIAK (Disdukcapil database, read-only)',
    protocol: 'SQL',
    endpoint: displayEndpoint(settings.databaseUrl),

    catalog: {
      fetchCatalog: () => catalogs.get('catalog', loadCatalog),
    },

    residents: {
      verify: (claim) => verifications.get(claimKey(claim), () => verifyOnce(claim)),
    },

    status: () => guard.status(),

    async health(): Promise<void> {
      await read('health', false, (run) => run(HEALTH_SQL));
    },

    close(): Promise<void> {
      closing ??= (async () => {
        verifications.clear();
        catalogs.clear();
        await pool.destroy();
        log.debug('civil registry pool closed');
      })();
      return closing;
    },
  };
}

/** The cache key of a claim: a hash, so that the cache does not hold NIKs, names and birth dates as keys. */
function claimKey(claim: ResidentClaim): string {
  return createHash('sha256').update(JSON.stringify([claim.nik, claim.name, claim.birthDate])).digest('base64url');
}
