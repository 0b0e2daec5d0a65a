/**
 * The audit log: who read personal data or changed something, when, from where, and whether it succeeded. Rows are
 * only ever appended (a trigger refuses UPDATE, DELETE and TRUNCATE), each linked to the one before it in its hash
 * chain (src/audit/chain.ts; the log is AUDIT_CHAINS chains, migration 0009). Subjects that are personal data
 * themselves (a NIK) are stored as a keyed hash, so that the log can answer "who looked up this NIK" without holding
 * the NIK.
 *
 * Appending takes the row lock of the connection's chain head (`audit_chain_head ... for update`) until the transaction
 * ends, so that the writers sharing a chain, on any instance, append to it one at a time. Call it last in a
 * transaction: the lock then covers only the append and the commit, not the rest of the change
 * (test/audit-chain.test.ts measures it).
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalTail, type ChainRow, type ChainedContent } from '../audit/chain.js';
import type { AgencyCode } from '../domain/catalog.js';
import type { Connection } from '../domain/paging.js';
import { ROLES, type Principal, type Role } from '../domain/principal.js';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  principal: Principal;
  /** The GraphQL operation name, or the field when the operation is anonymous. */
  operation: string;
  /** What was done, e.g. `resident.verify`, `staff.phone`, `ticket.call`. */
  action: string;
  /** The main subject's id (a ticket id, a NIP, a tracking code; a NIK only as {@link AuditStore.nikSubject}). */
  subject: string | null;
  /** Other subjects the action touched (the counter of a called ticket, the offices of a service). @default [] */
  related?: readonly string[];
  /** The field and the argument paths given (src/audit/entry.ts), never their values. @default [] */
  fields?: readonly string[];
  outcome: AuditOutcome;
  clientAddress: string | null;
  requestId: string | null;
}

/** One row as the admin query shows it. */
export interface AuditRecord {
  id: number;
  at: Date;
  actor: string | null;
  role: Role | 'PUBLIC';
  agencyCode: AgencyCode | null;
  operation: string;
  action: string;
  subject: string | null;
  related: string[];
  fields: string[];
  outcome: AuditOutcome;
  clientAddress: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export type AuditConnection = Connection<AuditRecord>;

export interface AuditQuery {
  /** Only rows at or after this instant. */
  from: Date | null;
  /** Only rows before this instant. */
  to: Date | null;
  actor: string | null;
  /** Exact action, or a prefix ending in a dot (`complaint.` for every complaint action). */
  action: string | null;
  /** The main subject or one of the related ids. */
  subject: string | null;
  /** Rows of this agency's staff only (an agency's ADMIN); null: all. */
  agency: AgencyCode | null;
}

/** A row as the API reads it: the chain's columns, with `at` as a timestamp and the hashes set (every row has them). */
interface AuditRow extends Omit<ChainRow, 'at_text' | 'prev_hash' | 'hash'> {
  at: Date;
  prev_hash: string;
  hash: string;
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

  /**
   * Appends entries to the connection's chain, in order. Inside `trx` when the audited change is written in one (then
   * call it as the transaction's last step); otherwise in a transaction of its own.
   */
  async record(entries: readonly AuditEntry[], trx: Knex | Knex.Transaction = this.knex): Promise<void> {
    if (entries.length === 0) return;
    if (isTransaction(trx)) return append(trx, entries);
    return this.knex.transaction((own) => append(own, entries));
  }

  /** Newest first, `first` rows after the row `after` (an id), and whether more follow. */
  async page(query: AuditQuery, first: number, after: number | null): Promise<{ records: AuditRecord[]; hasNextPage: boolean }> {
    const rows: AuditRow[] = await this.filtered(query)
      .select('*')
      .modify((q) => {
        if (after !== null) q.where('id', '<', after);
      })
      .orderBy('id', 'desc')
      .limit(first + 1);
    return { records: rows.slice(0, first).map(toRecord), hasNextPage: rows.length > first };
  }

  async count(query: AuditQuery): Promise<number> {
    const row = await this.filtered(query).count<{ count: number }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  private filtered(query: AuditQuery): Knex.QueryBuilder {
    return this.knex('audit_log').where((q) => {
      if (query.from !== null) q.where('at', '>=', query.from);
      if (query.to !== null) q.where('at', '<', query.to);
      if (query.actor !== null) q.where('actor', query.actor);
      if (query.agency !== null) q.where('agency_code', query.agency);
      if (query.action !== null) {
        if (query.action.endsWith('.')) q.whereRaw('starts_with(action, ?)', [query.action]);
        else q.where('action', query.action);
      }
      if (query.subject !== null) {
        const subject = query.subject;
        q.where((s) => s.where('subject', subject).orWhereRaw('? = any(related_ids)', [subject]));
      }
    });
  }
}

function isTransaction(knex: Knex | Knex.Transaction): knex is Knex.Transaction {
  return (knex as Knex.Transaction).isTransaction === true;
}

/**
 * One statement: migration 0009's `audit_append` locks the head of the connection's chain, hashes the entries as
 * src/audit/chain.ts does and inserts them. The head's row lock serialises the appends to that chain, from any
 * connection and instance.
 */
async function append(trx: Knex.Transaction, entries: readonly AuditEntry[]): Promise<void> {
  await trx.raw(`select ${auditAppendSql('?::jsonb')}`, [auditEntriesJson(entries)]);
}

/**
 * The SQL expression that appends entries to the chain, `entries` being a SQL expression of {@link auditEntriesJson}'s
 * text: for a change written as one statement (takeTicket), which appends its own record in that statement.
 */
export const auditAppendSql = (entries: string): string => `audit_append(${entries})`;

/** Entries as `audit_append` reads them, as JSON text (see {@link auditEntryRecords}). */
export function auditEntriesJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(auditEntryRecords(entries));
}

/** Entries as `audit_append` reads them: the columns of each row and its canonical form's tail (src/audit/chain.ts). */
export function auditEntryRecords(entries: readonly AuditEntry[]): object[] {
  return entries.map((entry) => {
    const user = entry.principal.kind === 'user' ? entry.principal : null;
    const content: Omit<ChainedContent, 'at'> = {
      actor: wellFormed(user?.subject ?? null),
      role: user?.role ?? 'PUBLIC',
      agencyCode: user?.agency ?? null,
      operation: wellFormed(entry.operation),
      action: entry.action,
      subject: wellFormed(entry.subject),
      related: (entry.related ?? []).map(wellFormed),
      fields: (entry.fields ?? []).map(wellFormed),
      outcome: entry.outcome,
      clientAddress: wellFormed(entry.clientAddress),
      requestId: wellFormed(entry.requestId),
    };
    return {
      actor: content.actor,
      role: content.role,
      agency_code: content.agencyCode,
      operation: content.operation,
      action: content.action,
      subject: content.subject,
      related_ids: content.related,
      fields: content.fields,
      outcome: content.outcome,
      client_address: content.clientAddress,
      request_id: content.requestId,
      canonical_tail: canonicalTail(content),
    };
  });
}

/**
 * PostgreSQL text cannot hold a lone UTF-16 surrogate (a client's string can): it is stored as U+FFFD, which is what
 * the chain must hash too, or the row would look edited to the verifier.
 */
function wellFormed<T extends string | null>(text: T): T {
  // In a /u pattern a surrogate pair is one code point; only lone halves are of category Cs.
  return (text === null ? null : text.replace(/\p{Cs}/gu, '\uFFFD')) as T;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    role: (ROLES as readonly string[]).includes(row.role) ? (row.role as Role) : 'PUBLIC',
    // Written by append() from a verified token's claims: one of the AgencyCode values or null.
    agencyCode: row.agency_code as AgencyCode | null,
    operation: row.operation,
    action: row.action,
    subject: row.subject,
    related: row.related_ids ?? [],
    fields: row.fields ?? [],
    outcome: row.outcome as AuditOutcome,
    clientAddress: row.client_address,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
