/**
 * Complaints in PostgreSQL. Every change is one transaction: the complaint row is locked (`FOR UPDATE`), the step is
 * checked against the status machine on the locked row, the row is updated, a `complaint_event` is appended, the
 * caller's audit entry is written (`within`), and arrivals at an agency are announced on the event bus when the
 * transaction commits. Reads are batched for the per-request loaders.
 */
import type { Knex } from 'knex';
import type { AgencyCode } from '../domain/catalog.js';
import {
  COMPLAINT_TRANSITIONS,
  newAccessToken,
  newTrackingCode,
  type Complaint,
  type ComplaintEventKind,
  type ComplaintHistoryEntry,
  type ComplaintKind,
  type ComplaintReply,
  type ComplaintStatus,
} from '../domain/complaints.js';
import type { Role } from '../domain/principal.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { publishOnCommit } from '../pubsub/event-bus.js';
import { alignMany, alignOne } from './keyed.js';
import { isUuid, uniqueViolation } from './sql.js';

/** Bus topic of complaints arriving at an agency (filed there, or reassigned to it); keyed by agency code and `*`. */
export const COMPLAINT_TOPIC = 'complaint';
/** The key under which every filing is announced, for subscribers watching all agencies. */
export const ALL_AGENCIES_KEY = '*';

/** 40-bit codes collide rarely; a handful of attempts makes a failure practically impossible. */
const TRACKING_CODE_ATTEMPTS = 5;
const TRACKING_CODE_CONSTRAINT = 'complaint_tracking_code_key';

/** Who takes a step, as the event log records it. */
export interface ComplaintActor {
  /** The token subject, or `public`. */
  subject: string;
  role: Role | 'PUBLIC';
}

/** Runs inside the change's transaction with the changed complaint (the audit entry), so that all or nothing is written. */
export type WithinComplaintChange = (trx: Knex.Transaction, complaint: Complaint) => Promise<void>;

/** A complaint as the complainant files it, already validated. */
export type ComplaintDraft = Pick<
  Complaint,
  'kind' | 'agencyCode' | 'serviceCode' | 'officeCode' | 'ticketId' | 'title' | 'body' | 'contact' | 'anonymous' | 'confidential'
>;

export interface SubmitComplaintCommand {
  draft: ComplaintDraft;
  /** Retrying with the same key (in the same scope) returns the same complaint. */
  idempotency: { scope: string; key: string } | null;
  actor: ComplaintActor;
  /** The token subject of a signed-in complainant, else null. */
  submittedBy: string | null;
  now: Date;
  within: WithinComplaintChange;
}

/** One step of the status machine, with what it carries. */
export type ComplaintChange =
  | { action: 'VERIFY'; note: string | null }
  | { action: 'REASSIGN'; to: AgencyCode; reason: string }
  | { action: 'RESPOND'; body: string }
  | { action: 'CLOSE'; note: string | null };

/** What a list of complaints is narrowed to; every field optional in effect (null: no condition). */
export interface ComplaintQuery {
  agency: AgencyCode | null;
  status: ComplaintStatus | null;
  kind: ComplaintKind | null;
  serviceCode: string | null;
  officeCode: string | null;
  /** Submitted at or after. */
  submittedFrom: Date | null;
  /** Submitted strictly before. */
  submittedBefore: Date | null;
  /** Past a deadline now (true) or not (false); the cutoffs come from `overdueCutoffs`. */
  overdue: { value: boolean; verificationCutoff: Date; followUpCutoff: Date } | null;
}

/** Where a page starts: after this complaint in newest-first order. */
export interface ComplaintPosition {
  submittedAt: Date;
  id: string;
}

interface ComplaintRow {
  id: string;
  tracking_code: string;
  kind: string;
  agency_code: string;
  service_code: string | null;
  office_code: string | null;
  ticket_id: string | null;
  title: string;
  body: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  anonymous: boolean;
  confidential: boolean;
  status: string;
  submitted_at: Date;
  assigned_at: Date;
  verified_at: Date | null;
  responded_at: Date | null;
  closed_at: Date | null;
}

const COMPLAINT_COLUMNS = [
  'id',
  'tracking_code',
  'kind',
  'agency_code',
  'service_code',
  'office_code',
  'ticket_id',
  'title',
  'body',
  'contact_name',
  'contact_phone',
  'contact_email',
  'anonymous',
  'confidential',
  'status',
  'submitted_at',
  'assigned_at',
  'verified_at',
  'responded_at',
  'closed_at',
];

interface EventRow {
  complaint_id: string;
  kind: string;
  at: Date;
  agency_code: string;
  to_agency: string | null;
  note: string | null;
}

interface ResponseRow {
  complaint_id: string;
  at: Date;
  agency_code: string;
  body: string;
}

export class ComplaintStore {
  constructor(
    private readonly knex: Knex,
    /** Makes tracking codes; tests pass a predictable one to provoke a collision. @default newTrackingCode */
    private readonly trackingCodes: () => string = newTrackingCode,
  ) {}

  /**
   * Files a complaint with a fresh tracking code, its SUBMITTED event and the announcement to the agency's watchers.
   * The access token comes back only from a first submission: it is not stored, so a replay cannot repeat it.
   */
  async submit(command: SubmitComplaintCommand): Promise<{ complaint: Complaint; accessToken: string | null; replayed: boolean }> {
    const { idempotency } = command;
    const replay = idempotency === null ? null : await this.findByIdempotencyKey(idempotency);
    if (replay !== null) return { complaint: assertSameDraft(replay, command.draft), accessToken: null, replayed: true };
    for (let attempt = 1; ; attempt++) {
      const access = newAccessToken();
      try {
        const complaint = await this.knex.transaction((trx) => this.insert(trx, command, this.trackingCodes(), access.hash));
        return { complaint, accessToken: access.token, replayed: false };
      } catch (error) {
        const violation = uniqueViolation(error);
        if (violation === null) throw error;
        // Two retries with one key raced: the loser rolled back; answer with the winner.
        if (idempotency !== null && violation.constraint !== TRACKING_CODE_CONSTRAINT) {
          const winner = await this.findByIdempotencyKey(idempotency);
          if (winner !== null) return { complaint: assertSameDraft(winner, command.draft), accessToken: null, replayed: true };
        }
        if (attempt >= TRACKING_CODE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Takes one step of the status machine. `guard` sees the locked complaint and throws (FORBIDDEN) when the actor may
   * not act on it; an unknown code is NOT_FOUND, a reassignment to the agency that has it BAD_USER_INPUT, a step the
   * status does not allow CONFLICT.
   */
  async transition(
    trackingCode: string,
    change: ComplaintChange,
    guard: (complaint: Complaint) => void,
    actor: ComplaintActor,
    now: Date,
    within: WithinComplaintChange,
  ): Promise<Complaint> {
    const transition = COMPLAINT_TRANSITIONS[change.action];
    return this.knex.transaction(async (trx) => {
      const row: ComplaintRow | undefined = await trx('complaint').select(COMPLAINT_COLUMNS).where('tracking_code', trackingCode).forUpdate().first();
      if (row === undefined) throw notFound(`complaint ${trackingCode} does not exist`);
      const before = toComplaint(row);
      guard(before);
      if (change.action === 'REASSIGN' && change.to === before.agencyCode) {
        throw badUserInput(`agency: complaint ${trackingCode} is already with ${change.to}`, 'agency');
      }
      if (!transition.from.includes(before.status)) {
        throw conflict(`complaint ${trackingCode} is ${before.status}; ${change.action.toLowerCase()} needs ${transition.from.join(' or ')}`);
      }
      const [updated] = (await trx('complaint')
        .where('id', before.id)
        .update({ status: transition.to, ...stamps(trx, change, now) })
        .returning(COMPLAINT_COLUMNS)) as ComplaintRow[];
      const after = toComplaint(updated as ComplaintRow);
      await insertEvent(trx, after.id, transition.event, actor, now, {
        agencyCode: before.agencyCode,
        toAgency: change.action === 'REASSIGN' ? change.to : null,
        note: noteOf(change),
      });
      if (change.action === 'RESPOND') {
        await trx('complaint_response').insert({ complaint_id: after.id, at: now, agency_code: before.agencyCode, responder: actor.subject, body: change.body });
      }
      // A reassigned complaint arrives at its new agency: its watchers hear of it as of a new one.
      if (change.action === 'REASSIGN') await announce(trx, after, 'REASSIGNED', [after.agencyCode]);
      await within(trx, after);
      return after;
    });
  }

  /** The stored hash of the complaint's access token; null when there is no such complaint. */
  async accessTokenHashOf(trackingCode: string): Promise<string | null> {
    const row: { access_token_hash: string } | undefined = await this.knex('complaint').where('tracking_code', trackingCode).first('access_token_hash');
    return row?.access_token_hash ?? null;
  }

  // ---- reads, batched for the loaders ----------------------------------------------------------------------------

  async byIds(ids: readonly string[]): Promise<(Complaint | null)[]> {
    const valid = ids.filter(isUuid);
    const rows: ComplaintRow[] = valid.length === 0 ? [] : await this.knex('complaint').select(COMPLAINT_COLUMNS).whereIn('id', valid);
    return alignOne(ids, rows, (r) => r.id, toComplaint);
  }

  async byTrackingCodes(codes: readonly string[]): Promise<(Complaint | null)[]> {
    const rows: ComplaintRow[] = await this.knex('complaint').select(COMPLAINT_COLUMNS).whereIn('tracking_code', codes);
    return alignOne(codes, rows, (r) => r.tracking_code, toComplaint);
  }

  /** Each complaint's history, oldest first. */
  async eventsOf(ids: readonly string[]): Promise<ComplaintHistoryEntry[][]> {
    const valid = ids.filter(isUuid);
    const rows: EventRow[] =
      valid.length === 0
        ? []
        : await this.knex('complaint_event').select('complaint_id', 'kind', 'at', 'agency_code', 'to_agency', 'note').whereIn('complaint_id', valid).orderBy('id');
    return alignMany(ids, rows, (r) => r.complaint_id, toHistoryEntry);
  }

  /** Each complaint's responses, oldest first. */
  async responsesOf(ids: readonly string[]): Promise<ComplaintReply[][]> {
    const valid = ids.filter(isUuid);
    const rows: ResponseRow[] =
      valid.length === 0 ? [] : await this.knex('complaint_response').select('complaint_id', 'at', 'agency_code', 'body').whereIn('complaint_id', valid).orderBy('id');
    return alignMany(ids, rows, (r) => r.complaint_id, (r) => ({ at: r.at, agencyCode: r.agency_code as AgencyCode, body: r.body }));
  }

  /** One page, newest first (ties by id), and whether more follow: one statement. */
  async page(query: ComplaintQuery, first: number, after: ComplaintPosition | null): Promise<{ complaints: Complaint[]; hasNextPage: boolean }> {
    const builder = this.filtered(query).select(COMPLAINT_COLUMNS);
    if (after !== null) builder.whereRaw('(submitted_at, id) < (?, ?::uuid)', [after.submittedAt, after.id]);
    const rows: ComplaintRow[] = await builder.orderBy([{ column: 'submitted_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(first + 1);
    return { complaints: rows.slice(0, first).map(toComplaint), hasNextPage: rows.length > first };
  }

  async count(query: ComplaintQuery): Promise<number> {
    const [row] = await this.filtered(query).count<{ count: number }[]>('* as count');
    return Number(row?.count ?? 0);
  }

  private filtered(query: ComplaintQuery): Knex.QueryBuilder {
    const builder = this.knex('complaint');
    if (query.agency !== null) builder.where('agency_code', query.agency);
    if (query.status !== null) builder.where('status', query.status);
    if (query.kind !== null) builder.where('kind', query.kind);
    if (query.serviceCode !== null) builder.where('service_code', query.serviceCode);
    if (query.officeCode !== null) builder.where('office_code', query.officeCode);
    if (query.submittedFrom !== null) builder.where('submitted_at', '>=', query.submittedFrom);
    if (query.submittedBefore !== null) builder.where('submitted_at', '<', query.submittedBefore);
    if (query.overdue !== null) {
      // verified_at is set whenever the status is VERIFIED, so the negation needs no null handling.
      const overdue = `((status = 'SUBMITTED' and assigned_at < ?) or (status = 'VERIFIED' and verified_at < ?))`;
      builder.whereRaw(query.overdue.value ? overdue : `not ${overdue}`, [query.overdue.verificationCutoff, query.overdue.followUpCutoff]);
    }
    return builder;
  }

  private async insert(trx: Knex.Transaction, command: SubmitComplaintCommand, trackingCode: string, accessTokenHash: string): Promise<Complaint> {
    const { draft, now } = command;
    const [row] = (await trx('complaint')
      .insert({
        tracking_code: trackingCode,
        access_token_hash: accessTokenHash,
        kind: draft.kind,
        agency_code: draft.agencyCode,
        service_code: draft.serviceCode,
        office_code: draft.officeCode,
        ticket_id: draft.ticketId,
        title: draft.title,
        body: draft.body,
        contact_name: draft.contact.name,
        contact_phone: draft.contact.phone,
        contact_email: draft.contact.email,
        anonymous: draft.anonymous,
        confidential: draft.confidential,
        status: 'SUBMITTED',
        submitted_at: now,
        assigned_at: now,
        submitted_by: command.submittedBy,
        idempotency_scope: command.idempotency?.scope ?? null,
        idempotency_key: command.idempotency?.key ?? null,
      })
      .returning(COMPLAINT_COLUMNS)) as ComplaintRow[];
    const complaint = toComplaint(row as ComplaintRow);
    await insertEvent(trx, complaint.id, 'SUBMITTED', command.actor, now, { agencyCode: complaint.agencyCode, toAgency: null, note: null });
    await announce(trx, complaint, 'SUBMITTED', [complaint.agencyCode, ALL_AGENCIES_KEY]);
    await command.within(trx, complaint);
    return complaint;
  }

  private async findByIdempotencyKey(idempotency: { scope: string; key: string }): Promise<(ComplaintRow & { submitted_agency: string | null }) | null> {
    const row: (ComplaintRow & { submitted_agency: string | null }) | undefined = await this.knex('complaint as c')
      .select([
        ...COMPLAINT_COLUMNS.map((column) => `c.${column}`),
        this.knex.raw(`(select e.agency_code from complaint_event e where e.complaint_id = c.id and e.kind = 'SUBMITTED' order by e.id limit 1) as submitted_agency`),
      ])
      .where({ 'c.idempotency_scope': idempotency.scope, 'c.idempotency_key': idempotency.key })
      .first();
    return row ?? null;
  }
}

/** The timestamps a step sets. */
function stamps(trx: Knex.Transaction, change: ComplaintChange, now: Date): Record<string, unknown> {
  switch (change.action) {
    case 'VERIFY':
      return { verified_at: now };
    case 'REASSIGN':
      // The new agency's verification clock starts now; the old agency's verification does not carry over.
      return { agency_code: change.to, assigned_at: now, verified_at: null };
    case 'RESPOND':
      // The first response answers the follow-up deadline; later ones do not move it.
      return { responded_at: trx.raw('coalesce(responded_at, ?)', [now]) };
    case 'CLOSE':
      return { closed_at: now };
  }
}

function noteOf(change: ComplaintChange): string | null {
  switch (change.action) {
    case 'VERIFY':
    case 'CLOSE':
      return change.note;
    case 'REASSIGN':
      return change.reason;
    case 'RESPOND':
      // The response itself is in complaint_response; the event only marks when it was given.
      return null;
  }
}

async function insertEvent(
  trx: Knex.Transaction,
  complaintId: string,
  kind: ComplaintEventKind,
  actor: ComplaintActor,
  at: Date,
  detail: { agencyCode: AgencyCode; toAgency: AgencyCode | null; note: string | null },
): Promise<void> {
  await trx('complaint_event').insert({
    complaint_id: complaintId,
    kind,
    at,
    actor: actor.subject,
    actor_role: actor.role,
    agency_code: detail.agencyCode,
    to_agency: detail.toAgency,
    note: detail.note,
  });
}

/** Payloads carry the id only: subscribers load the complaint, and what each may see of it, themselves. */
async function announce(trx: Knex.Transaction, complaint: Complaint, kind: ComplaintEventKind, keys: readonly string[]): Promise<void> {
  for (const key of keys) await publishOnCommit(trx, { topic: COMPLAINT_TOPIC, key, body: { complaintId: complaint.id, kind } });
}

/** A replayed idempotency key must describe the same complaint; reusing a key for another one is a client bug. */
function assertSameDraft(row: ComplaintRow & { submitted_agency: string | null }, draft: ComplaintDraft): Complaint {
  const same =
    row.kind === draft.kind &&
    (row.submitted_agency ?? row.agency_code) === draft.agencyCode &&
    row.service_code === draft.serviceCode &&
    row.office_code === draft.officeCode &&
    row.ticket_id === draft.ticketId &&
    row.title === draft.title &&
    row.body === draft.body &&
    row.contact_name === draft.contact.name &&
    row.contact_phone === draft.contact.phone &&
    row.contact_email === draft.contact.email &&
    row.anonymous === draft.anonymous &&
    row.confidential === draft.confidential;
  if (!same) throw conflict('idempotencyKey was already used for a different complaint');
  return toComplaint(row);
}

function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    // kind, agency and status are constrained by checks and foreign keys in the migration.
    kind: row.kind as ComplaintKind,
    agencyCode: row.agency_code as AgencyCode,
    serviceCode: row.service_code,
    officeCode: row.office_code,
    ticketId: row.ticket_id,
    title: row.title,
    body: row.body,
    contact: { name: row.contact_name, phone: row.contact_phone, email: row.contact_email },
    anonymous: row.anonymous,
    confidential: row.confidential,
    status: row.status as ComplaintStatus,
    submittedAt: row.submitted_at,
    assignedAt: row.assigned_at,
    verifiedAt: row.verified_at,
    respondedAt: row.responded_at,
    closedAt: row.closed_at,
  };
}

function toHistoryEntry(row: EventRow): ComplaintHistoryEntry {
  return {
    kind: row.kind as ComplaintEventKind,
    at: row.at,
    agencyCode: row.agency_code as AgencyCode,
    toAgency: row.to_agency as AgencyCode | null,
    note: row.note,
  };
}
