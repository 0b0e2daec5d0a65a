/**
 * The audit log: who read personal data or changed something, when, from where, and whether it succeeded. Rows are
 * only ever inserted. Subjects that are personal data themselves (a NIK) are stored as a keyed hash, so that the log
 * can answer "who looked up this NIK" without holding the NIK.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { Principal } from '../domain/principal.js';

export interface AuditEntry {
  principal: Principal;
  /** The GraphQL operation name, or the field when the operation is anonymous. */
  operation: string;
  /** What was done, e.g. `resident.verify`, `staff.phone`. */
  action: string;
  subject: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  clientAddress: string | null;
  requestId: string | null;
}

export class AuditStore {
  constructor(
    private readonly knex: Knex,
    /** Key of the NIK pseudonyms; the same on every instance, so that one NIK has one pseudonym. */
    private readonly pseudonymKey: string,
  ) {}

  /** A stable pseudonym for a NIK (HMAC-SHA256: without the key, the log cannot be searched by guessing NIKs). */
  nikSubject(nik: string): string {
    return `nik:${createHmac('sha256', this.pseudonymKey).update(`sepucuk:audit:nik:${nik}`).digest('hex')}`;
  }

  /** Appends entries in one statement; inside `trx` when the audited change is written in one. */
  async record(entries: readonly AuditEntry[], trx: Knex | Knex.Transaction = this.knex): Promise<void> {
    if (entries.length === 0) return;
    await trx('audit_log').insert(
      entries.map((entry) => {
        const user = entry.principal.kind === 'user' ? entry.principal : null;
        return {
          actor: user?.subject ?? null,
          role: user?.role ?? 'PUBLIC',
          agency_code: user?.agency ?? null,
          operation: entry.operation,
          action: entry.action,
          subject: entry.subject,
          outcome: entry.outcome,
          client_address: entry.clientAddress,
          request_id: entry.requestId,
        };
      }),
    );
  }
}
