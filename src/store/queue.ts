/**
 * Tickets and counters in PostgreSQL. Every change is one transaction that also appends a queue event and announces
 * it on the event bus when it commits. Concurrency is the database's job: a row lock on the day's sequence numbers
 * tickets, a row lock on the counter serialises its calls, and `FOR UPDATE SKIP LOCKED` keeps two counters from
 * calling the same ticket.
 *
 * The counts readers ask for on every request (waiting per service, the ticket at each counter, tickets served per
 * day) are not aggregated here: triggers of migration 0007 keep them in tables, in the same transaction as each change.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Counter } from '../domain/catalog.js';
import {
  ACTIVE_STATUSES,
  HANDLING_SAMPLE_SIZE,
  MAX_TICKET_NUMBER,
  TRANSITIONS,
  jakartaDay,
  ticketCode,
  type PriorityClass,
  type QueueEvent,
  type QueueEventKind,
  type ServiceQueueCounts,
  type Ticket,
  type TicketAction,
  type TicketStatus,
} from '../domain/queue.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { publishOnCommit, publishOnCommitSql } from '../pubsub/event-bus.js';
import { auditAppendSql, auditEntryRecords, type AuditEntry } from './audit.js';
import { GroupCommit } from './group-commit.js';
import { alignMany, alignOne } from './keyed.js';
import { isRowError, isUuid, nothingMore, prepared, uniqueViolation, type WithinChange } from './sql.js';
import { toCounter, type CounterRow, COUNTER_COLUMNS } from './catalog.js';

export const QUEUE_TOPIC = 'queue';

/** Who acts: a token subject (and NIP for staff), or `public`. */
export interface Actor {
  subject: string;
  nip: string | null;
}

export interface TakeTicketCommand {
  officeCode: string;
  serviceCode: string;
  priority: PriorityClass | null;
  /** Retrying with the same key (in the same scope) returns the same ticket. */
  idempotency: { scope: string; key: string } | null;
  actor: Actor;
  now: Date;
  /**
   * The audit entries of the ticket about to be issued (its id is chosen before it is written): appended in the same
   * statement, so that the ticket and its record are written together or not at all. A replay writes nothing.
   */
  audit?: (ticket: { id: string; officeCode: string }) => AuditEntry[];
}

/** Throws (FORBIDDEN) when the actor may not act at this counter. Runs inside the transaction, on locked rows. */
export type CounterGuard = (counter: Counter) => void;

interface TicketRow {
  id: string;
  office_code: string;
  service_code: string;
  service_day: string;
  prefix: string;
  number: number;
  priority: string | null;
  status: string;
  counter_id: string | null;
  issued_at: Date;
  called_at: Date | null;
  recall_count: number;
  serving_at: Date | null;
  done_at: Date | null;
  skipped_at: Date | null;
  cancelled_at: Date | null;
  idempotency_scope?: string | null;
  idempotency_key?: string | null;
}

const TICKET_COLUMNS = [
  'id',
  'office_code',
  'service_code',
  'service_day',
  'prefix',
  'number',
  'priority',
  'status',
  'counter_id',
  'issued_at',
  'called_at',
  'recall_count',
  'serving_at',
  'done_at',
  'skipped_at',
  'cancelled_at',
];

/** Completed tickets older than this do not count towards the handling-time average. */
const HANDLING_WINDOW_DAYS = 30;

/**
 * takeTicket for a batch of takes (see {@link QueueStore.takeTicket}) in one statement, all or nothing: per letter, the
 * day's next numbers (the sequence row stays locked until the statement commits, so numbers are neither repeated nor
 * skipped; a batch's takes of one letter get consecutive numbers in arrival order), the tickets, their queue events,
 * the announcements to every instance (sent on commit) and the audit records (the chain head's lock, taken last, is
 * held only until the commit that follows at once). Triggers of migration 0007 count the tickets as waiting, at the
 * end of the statement. A take whose service the office does not offer gets no row.
 *
 * Lock order: sequence rows, then waiting counters, each in key order, then the audit chain's head. Two batches lock
 * the rows they share in the same order, and the changes that move tickets lock counters first and the head last:
 * nobody holds what another waits for.
 */
const TAKE_TICKETS_SQL = `
  with take as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (
      id uuid, office_code text, service_code text, service_day date, priority text, issued_at timestamptz,
      idempotency_scope text, idempotency_key text, actor text, audit jsonb
    )) with ordinality
  ), offered as (
    select take.*, link.ticket_prefix as prefix
      from take join office_service link on link.office_code = take.office_code and link.service_code = take.service_code
  ), demand as (
    select office_code, service_day, prefix, count(*)::int as wanted from offered group by office_code, service_day, prefix
  ), numbered as (
    insert into ticket_sequence (office_code, service_day, prefix, last_number)
    select office_code, service_day, prefix, wanted from demand order by office_code, service_day, prefix
    on conflict (office_code, service_day, prefix) do update set last_number = ticket_sequence.last_number + excluded.last_number
    returning office_code, service_day, prefix, last_number
  ), taken as (
    insert into ticket (id, office_code, service_code, service_day, prefix, number, priority, issued_at, idempotency_scope, idempotency_key)
    select o.id, o.office_code, o.service_code, o.service_day, o.prefix,
           n.last_number - d.wanted + row_number() over (partition by o.office_code, o.service_day, o.prefix order by o.ordinality),
           o.priority, o.issued_at, o.idempotency_scope, o.idempotency_key
      from offered o join demand d using (office_code, service_day, prefix) join numbered n using (office_code, service_day, prefix)
     order by o.ordinality
    returning ${TICKET_COLUMNS.join(', ')}
  ), event as (
    insert into queue_event (office_code, service_code, ticket_id, kind, actor, at)
    select taken.office_code, taken.service_code, taken.id, 'TICKET_TAKEN', take.actor, taken.issued_at
      from taken join take using (id)
     order by take.ordinality
    returning id, ticket_id
  ), counted as (
    -- The waiting counters the tickets' trigger adds to, locked (or created at 0) before the audit chain's head.
    insert into queue_waiting (service_day, office_code, service_code, waiting, priority_waiting)
    select distinct service_day, office_code, service_code, 0, 0 from taken order by service_day, office_code, service_code
    on conflict (service_day, office_code, service_code) do update set waiting = queue_waiting.waiting
    returning 1
  ), audited as (
    -- Counting the counters first runs their upsert to the end, so the head is locked after them.
    select ${auditAppendSql(`coalesce((select jsonb_agg(entry order by take.ordinality, n)
                                          from taken join take using (id), jsonb_array_elements(take.audit) with ordinality as entries(entry, n)
                                         where (select count(*) from counted) > 0), '[]')`)} as last_id
  )
  select taken.*,
         -- The announcement's body has insertEvent's shape (below), which subscribers read.
         ${publishOnCommitSql(
           QUEUE_TOPIC,
           'taken.office_code',
           `json_build_object('eventId', event.id, 'kind', 'TICKET_TAKEN', 'ticketId', taken.id, 'counterId', null, 'serviceCode', taken.service_code)`,
         )} as announced,
         (select last_id from audited) as audited
    from taken join event on event.ticket_id = taken.id`;

/** One take as TAKE_TICKETS_SQL reads it (the names are its columns). */
interface TakeRecord {
  id: string;
  office_code: string;
  service_code: string;
  service_day: string;
  priority: PriorityClass | null;
  issued_at: string;
  idempotency_scope: string | null;
  idempotency_key: string | null;
  actor: string;
  audit: object[];
}

/**
 * Take statements an instance runs at once; the takes that arrive meanwhile wait for the next batch. One gave the most
 * tickets per second in bench/queue (2 cores, 32 clients: ~2,000/s against ~1,700 with two, ~1,550 with four and
 * ~1,300 with eight, bench/README.md): fewer, larger batches leave the database's CPU to the rows themselves, and a
 * take never waits for more than the statement before it.
 */
const TAKE_BATCHES_IN_FLIGHT = 1;
/** Takes per statement at most: a statement's locks are held until it commits, and its takers all wait for it. */
const TAKES_PER_BATCH = 64;

export class QueueStore {
  /** Group commit of takeTicket: concurrent takes share one statement (src/store/group-commit.ts). */
  private readonly takes: GroupCommit<TakeRecord, TicketRow | null>;

  constructor(private readonly knex: Knex) {
    this.takes = new GroupCommit((takes) => this.takeTickets(takes), {
      maxInFlight: TAKE_BATCHES_IN_FLIGHT,
      maxBatch: TAKES_PER_BATCH,
      isItemError: isRowError,
    });
  }

  /**
   * Issues the next number of the day for the service's letter at the office, the busiest write of the hub (every
   * citizen, every morning): one statement ({@link TAKE_TICKETS_SQL}) and no transaction around it, shared with the
   * takes that arrive at the same time (group commit). Alone or shared, a take is written whole or not at all.
   */
  async takeTicket(command: TakeTicketCommand): Promise<{ ticket: Ticket; replayed: boolean }> {
    const id = randomUUID();
    try {
      const row = await this.takes.submit({
        id,
        office_code: command.officeCode,
        service_code: command.serviceCode,
        service_day: jakartaDay(command.now),
        priority: command.priority,
        issued_at: command.now.toISOString(),
        idempotency_scope: command.idempotency?.scope ?? null,
        idempotency_key: command.idempotency?.key ?? null,
        actor: command.actor.subject,
        audit: auditEntryRecords(command.audit?.({ id, officeCode: command.officeCode }) ?? []),
      });
      if (row !== null) return { ticket: toTicket(row), replayed: false };
      // Not offered (any more): a retry of a ticket taken before still gets its ticket.
      return (await this.replay(command)) ?? (await this.refuseTicket(command.officeCode, command.serviceCode));
    } catch (error) {
      // A retry whose key's ticket exists: the key's unique constraint refused it, or, after the day's last number
      // was given, the number's check did before it. Either way the statement wrote nothing, its number included.
      // (A batch that fails is run again take by take, so these are this take's own errors.)
      const full = isCheckViolation(error, 'ticket_sequence_last_number_check');
      if (full || uniqueViolation(error) !== null) {
        const earlier = await this.replay(command);
        if (earlier !== null) return earlier;
      }
      if (full) throw conflict(`all ${MAX_TICKET_NUMBER} numbers of this service at ${command.officeCode} are taken for today`);
      throw error;
    }
  }

  /** Runs a batch of takes as one statement; each take's ticket, or null where the office does not offer the service. */
  private async takeTickets(takes: readonly TakeRecord[]): Promise<(TicketRow | null)[]> {
    const result: { rows: TicketRow[] } = await prepared(this.knex, TAKE_TICKETS_SQL, [JSON.stringify(takes), Date.now()]);
    const byId = new Map(result.rows.map((row) => [row.id, row]));
    return takes.map((take) => byId.get(take.id) ?? null);
  }

  /** The ticket an earlier request with the command's idempotency key was given, or null. */
  private async replay(command: TakeTicketCommand): Promise<{ ticket: Ticket; replayed: true } | null> {
    if (command.idempotency === null) return null;
    const earlier = await this.findByIdempotencyKey(command.idempotency);
    return earlier === null ? null : { ticket: assertSameRequest(earlier, command), replayed: true };
  }

  /**
   * Calls the next waiting ticket the counter serves: priority classes first, then first come first served, today's
   * tickets only. Returns null when nobody waits.
   */
  async callNext(
    counterId: string,
    guard: CounterGuard,
    actor: Actor,
    now: Date,
    within: WithinChange<{ counter: Counter; ticket: Ticket | null }> = nothingMore,
  ): Promise<Ticket | null> {
    return this.knex.transaction(async (trx) => {
      const counter = await lockCounter(trx, counterId);
      guard(counter);
      if (!counter.isOpen) throw conflict(`counter ${counter.code} is closed; open it before calling`);
      const active: TicketRow | undefined = await trx('ticket').select(TICKET_COLUMNS).where('counter_id', counter.id).whereIn('status', ACTIVE_STATUSES).first();
      if (active !== undefined) {
        throw conflict(`counter ${counter.code} still has ${ticketCode(toTicket(active))} (${active.status}); complete or skip it first`);
      }
      const next: { rows: { id: string }[] } = await trx.raw(
        `select t.id from ticket t
          where t.office_code = ? and t.service_day = ? and t.status = 'WAITING'
            and t.service_code in (select cs.service_code from counter_service cs where cs.counter_id = ?)
          order by (t.priority is null), t.seq
          limit 1
          for update skip locked`,
        [counter.officeCode, jakartaDay(now), counter.id],
      );
      const id = next.rows[0]?.id;
      if (id === undefined) {
        await within(trx, { counter, ticket: null });
        return null;
      }
      const [row] = (await trx('ticket')
        .where('id', id)
        .update({ status: 'CALLED', counter_id: counter.id, called_at: now, served_by: actor.subject, served_by_nip: actor.nip })
        .returning(TICKET_COLUMNS)) as TicketRow[];
      const ticket = toTicket(row as TicketRow);
      await recordEvent(trx, ticket, counter.id, 'TICKET_CALLED', actor, now);
      await within(trx, { counter, ticket });
      return ticket;
    });
  }

  /**
   * Moves a ticket along (recall, start serving, complete, skip, cancel). `guard` sees the locked ticket and its
   * counter (null before it is called) and throws when the actor may not do this. An illegal move is CONFLICT.
   */
  async transition(
    ticketId: string,
    action: Exclude<TicketAction, 'CALL'>,
    guard: (ticket: Ticket, counter: Counter | null) => void,
    actor: Actor,
    now: Date,
    within: WithinChange<Ticket> = nothingMore,
  ): Promise<Ticket> {
    const transition = TRANSITIONS[action];
    return this.knex.transaction(async (trx) => {
      const row: TicketRow | undefined = isUuid(ticketId) ? await trx('ticket').select(TICKET_COLUMNS).where('id', ticketId).forUpdate().first() : undefined;
      if (row === undefined) throw notFound(`ticket ${ticketId} does not exist`);
      const ticket = toTicket(row);
      const counter = ticket.counterId === null ? null : await lockCounter(trx, ticket.counterId);
      guard(ticket, counter);
      if (!transition.from.includes(ticket.status)) {
        throw conflict(`ticket ${ticketCode(ticket)} is ${ticket.status}; ${action.toLowerCase()} needs ${transition.from.join(' or ')}`);
      }
      const [updated] = (await trx('ticket')
        .where('id', ticket.id)
        .update({
          status: transition.to,
          [transition.stamp]: now,
          ...(action === 'RECALL' ? { recall_count: trx.raw('recall_count + 1') } : {}),
        })
        .returning(TICKET_COLUMNS)) as TicketRow[];
      const result = toTicket(updated as TicketRow);
      await recordEvent(trx, result, result.counterId, transition.event, actor, now);
      await within(trx, result);
      return result;
    });
  }

  /** Opens or closes a counter. Opening records the officer; closing is refused while a ticket is called or served. */
  async setCounterOpen(
    counterId: string,
    open: boolean,
    guard: CounterGuard,
    actor: Actor,
    now: Date,
    within: WithinChange<Counter> = nothingMore,
  ): Promise<Counter> {
    return this.knex.transaction(async (trx) => {
      const counter = await lockCounter(trx, counterId);
      guard(counter);
      if (counter.isOpen === open) {
        await within(trx, counter);
        return counter;
      }
      if (!open) {
        const active: TicketRow | undefined = await trx('ticket').select(TICKET_COLUMNS).where('counter_id', counter.id).whereIn('status', ACTIVE_STATUSES).first();
        if (active !== undefined) throw conflict(`counter ${counter.code} still has ${ticketCode(toTicket(active))}; complete or skip it before closing`);
      }
      const [row] = (await trx('counter as c')
        .where('c.id', counter.id)
        .update({
          is_open: open,
          officer_subject: open ? actor.subject : null,
          officer_nip: open ? actor.nip : null,
          opened_at: open ? now : null,
        })
        .returning(COUNTER_COLUMNS.map((c) => c.replace('c.', '')))) as CounterRow[];
      const updated = toCounter(row as CounterRow);
      await insertEvent(trx, { officeCode: updated.officeCode, serviceCode: null, ticketId: null, counterId: updated.id }, open ? 'COUNTER_OPENED' : 'COUNTER_CLOSED', actor, now);
      await within(trx, updated);
      return updated;
    });
  }

  // ---- reads, batched for the loaders ----------------------------------------------------------------------------

  async ticketsById(ids: readonly string[]): Promise<(Ticket | null)[]> {
    const valid = ids.filter(isUuid);
    const rows: TicketRow[] = valid.length === 0 ? [] : await this.knex('ticket').select(TICKET_COLUMNS).whereIn('id', valid);
    return alignOne(ids, rows, (r) => r.id, toTicket);
  }

  /** The called or served ticket of each counter, or null: a keyed read of `counter_now_serving` (migration 0007). */
  async activeTicketsOfCounters(counterIds: readonly string[]): Promise<(Ticket | null)[]> {
    const valid = counterIds.filter(isUuid);
    const rows: (TicketRow & { now_serving_counter: string })[] =
      valid.length === 0
        ? []
        : await this.knex('counter_now_serving as n')
            .join('ticket as t', 't.id', 'n.ticket_id')
            .select([...TICKET_COLUMNS.map((c) => `t.${c}`), 'n.counter_id as now_serving_counter'])
            .whereIn('n.counter_id', valid);
    return alignOne(counterIds, rows, (r) => r.now_serving_counter, toTicket);
  }

  /**
   * Waiting tickets per service offered at each office on `day`, zero counts included, in ticket-letter order: read
   * from the `queue_waiting` counters (migration 0007), which the database keeps in step with every ticket change.
   */
  async queueCounts(officeCodes: readonly string[], day: string): Promise<ServiceQueueCounts[][]> {
    type Row = { office_code: string; service_code: string; ticket_prefix: string; waiting: number | null; priority_waiting: number | null };
    const rows: Row[] = await this.knex('office_service as os')
      .leftJoin('queue_waiting as q', (join) => join.on('q.office_code', 'os.office_code').andOn('q.service_code', 'os.service_code').andOnVal('q.service_day', day))
      .select('os.office_code', 'os.service_code', 'os.ticket_prefix', 'q.waiting', 'q.priority_waiting')
      .whereIn('os.office_code', officeCodes)
      .orderBy('os.ticket_prefix');
    return alignMany(officeCodes, rows, (r) => r.office_code, (r) => ({
      officeCode: r.office_code,
      serviceCode: r.service_code,
      ticketPrefix: r.ticket_prefix,
      waiting: r.waiting ?? 0,
      priorityWaiting: r.priority_waiting ?? 0,
    }));
  }

  /** Waiting tickets on `day` per service, all offices together (zero when none): one keyed read of the counters. */
  async waitingOfServices(serviceCodes: readonly string[], day: string): Promise<{ waiting: number; priorityWaiting: number }[]> {
    // One array parameter rather than one per code: one statement text for any page size, prepared once per connection.
    const { rows }: { rows: { service_code: string; waiting: string | number; priority_waiting: string | number }[] } = await prepared(
      this.knex,
      `select service_code, sum(waiting) as waiting, sum(priority_waiting) as priority_waiting
         from queue_waiting where service_day = ? and service_code = any(?) group by service_code`,
      [day, [...serviceCodes]],
    );
    const byService = new Map(rows.map((r) => [r.service_code, { waiting: Number(r.waiting), priorityWaiting: Number(r.priority_waiting) }]));
    return serviceCodes.map((code) => byService.get(code) ?? { waiting: 0, priorityWaiting: 0 });
  }

  /**
   * Moving average of handling time (called to done) over each service's last completed tickets at each office.
   * Per office: service code -> { minutes, samples }.
   */
  async handlingTimes(officeCodes: readonly string[], now: Date): Promise<Map<string, { minutes: number; samples: number }>[]> {
    const since = new Date(now.getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
    const result: { rows: { office_code: string; service_code: string; minutes: number; samples: number }[] } = await this.knex.raw(
      `select office_code, service_code, avg(extract(epoch from done_at - called_at)) / 60 as minutes, count(*) as samples
         from (select office_code, service_code, called_at, done_at,
                      row_number() over (partition by office_code, service_code order by done_at desc) as recent
                 from ticket
                where status = 'DONE' and office_code = any(?) and done_at > ?) as handled
        where recent <= ?
        group by office_code, service_code`,
      [[...officeCodes], since, HANDLING_SAMPLE_SIZE],
    );
    return alignMany(officeCodes, result.rows, (r) => r.office_code).map(
      (rows) => new Map(rows.map((r) => [r.service_code, { minutes: Number(r.minutes), samples: Number(r.samples) }])),
    );
  }

  /** Per office: service code -> number of open counters serving it. */
  async openCountersByService(officeCodes: readonly string[]): Promise<Map<string, number>[]> {
    const rows: { office_code: string; service_code: string; open_counters: number }[] = await this.knex('counter as c')
      .join('counter_service as cs', 'cs.counter_id', 'c.id')
      .select('c.office_code', 'cs.service_code')
      .count('* as open_counters')
      .where('c.is_open', true)
      .whereIn('c.office_code', officeCodes)
      .groupBy('c.office_code', 'cs.service_code');
    return alignMany(officeCodes, rows, (r) => r.office_code).map((list) => new Map(list.map((r) => [r.service_code, Number(r.open_counters)])));
  }

  /**
   * For each waiting ticket, how many are ahead of it in its service's queue: every waiting priority ticket ahead of
   * a regular one, and earlier tickets of its own class. Null for tickets that are not waiting.
   */
  async ticketsAhead(ticketIds: readonly string[]): Promise<(number | null)[]> {
    const valid = ticketIds.filter(isUuid);
    if (valid.length === 0) return ticketIds.map(() => null);
    const result: { rows: { id: string; ahead: number }[] } = await this.knex.raw(
      `select t.id, (select count(*) from ticket w
                      where w.office_code = t.office_code and w.service_day = t.service_day
                        and w.service_code = t.service_code and w.status = 'WAITING' and w.id <> t.id
                        and ((w.priority is not null and t.priority is null)
                             or ((w.priority is null) = (t.priority is null) and w.seq < t.seq))) as ahead
         from ticket t
        where t.id = any(?) and t.status = 'WAITING'`,
      [valid],
    );
    return alignOne(ticketIds, result.rows, (r) => r.id, (r) => Number(r.ahead));
  }

  async eventsById(ids: readonly number[]): Promise<(QueueEvent | null)[]> {
    const rows: QueueEventRow[] = await this.knex('queue_event').select('*').whereIn('id', ids);
    return alignOne(ids, rows, (r) => Number(r.id), toQueueEvent);
  }

  /** Waiting tickets per office on `day` (offices with none left out): the queue-depth metric, from the counters. */
  async waitingByOffice(day: string): Promise<{ officeCode: string; waiting: number }[]> {
    const rows: { office_code: string; waiting: string | number }[] = await this.knex('queue_waiting')
      .select('office_code')
      .sum('waiting as waiting')
      .where('service_day', day)
      .groupBy('office_code')
      .havingRaw('sum(waiting) > 0');
    return rows.map((r) => ({ officeCode: r.office_code, waiting: Number(r.waiting) }));
  }

  /** The office's latest event, or null: what a new subscriber's first message describes. */
  async latestEvent(officeCode: string): Promise<QueueEvent | null> {
    const row: QueueEventRow | undefined = await this.knex('queue_event').select('*').where('office_code', officeCode).orderBy('id', 'desc').first();
    return row === undefined ? null : toQueueEvent(row);
  }

  private async findByIdempotencyKey(idempotency: { scope: string; key: string }): Promise<TicketRow | null> {
    const row: TicketRow | undefined = await this.knex('ticket')
      .select([...TICKET_COLUMNS, 'idempotency_scope', 'idempotency_key'])
      .where({ idempotency_scope: idempotency.scope, idempotency_key: idempotency.key })
      .first();
    return row ?? null;
  }

  /** Why no ticket was issued for a pair the office does not offer: the precise reason, as a client error. */
  private async refuseTicket(officeCode: string, serviceCode: string): Promise<never> {
    const [office, service] = await Promise.all([this.knex('office').where('code', officeCode).first('code'), this.knex('service').where('code', serviceCode).first('code')]);
    if (office === undefined) throw notFound(`office ${officeCode} does not exist`);
    if (service === undefined) throw notFound(`service ${serviceCode} does not exist`);
    throw badUserInput(`service ${serviceCode} is not offered at ${officeCode}`, 'input.serviceCode');
  }
}

interface QueueEventRow {
  id: number | string;
  office_code: string;
  service_code: string | null;
  ticket_id: string | null;
  counter_id: string | null;
  kind: string;
  at: Date;
}

async function lockCounter(trx: Knex.Transaction, counterId: string): Promise<Counter> {
  const row: CounterRow | undefined = isUuid(counterId) ? await trx('counter as c').select(COUNTER_COLUMNS).where('c.id', counterId).forUpdate().first() : undefined;
  if (row === undefined) throw notFound(`counter ${counterId} does not exist`);
  return toCounter(row);
}

async function recordEvent(trx: Knex.Transaction, ticket: Ticket, counterId: string | null, kind: QueueEventKind, actor: Actor, at: Date): Promise<void> {
  await insertEvent(trx, { officeCode: ticket.officeCode, serviceCode: ticket.serviceCode, ticketId: ticket.id, counterId }, kind, actor, at);
}

async function insertEvent(
  trx: Knex.Transaction,
  subject: Pick<QueueEvent, 'officeCode' | 'serviceCode' | 'ticketId' | 'counterId'>,
  kind: QueueEventKind,
  actor: Actor,
  at: Date,
): Promise<void> {
  const [row] = (await trx('queue_event')
    .insert({ office_code: subject.officeCode, service_code: subject.serviceCode, ticket_id: subject.ticketId, counter_id: subject.counterId, kind, actor: actor.subject, at })
    .returning('id')) as { id: number | string }[];
  // TAKE_TICKETS_SQL builds the same body in SQL: a field added here goes there too.
  await publishOnCommit(trx, {
    topic: QUEUE_TOPIC,
    key: subject.officeCode,
    body: { eventId: Number(row?.id), kind, ticketId: subject.ticketId, counterId: subject.counterId, serviceCode: subject.serviceCode },
  });
}

/** A replayed idempotency key must describe the same request; reusing a key for another ticket is a client bug. */
function assertSameRequest(row: TicketRow, command: TakeTicketCommand): Ticket {
  if (row.office_code !== command.officeCode || row.service_code !== command.serviceCode || row.priority !== command.priority) {
    throw conflict('idempotencyKey was already used for a different ticket request');
  }
  return toTicket(row);
}

function isCheckViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return e.code === '23514' && (e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint)));
}

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    officeCode: row.office_code,
    serviceCode: row.service_code,
    serviceDay: row.service_day,
    prefix: row.prefix,
    number: row.number,
    priority: row.priority as PriorityClass | null, // constrained by a check in the migration
    status: row.status as TicketStatus,
    counterId: row.counter_id,
    issuedAt: row.issued_at,
    calledAt: row.called_at,
    recallCount: row.recall_count,
    servingAt: row.serving_at,
    doneAt: row.done_at,
    skippedAt: row.skipped_at,
    cancelledAt: row.cancelled_at,
  };
}

function toQueueEvent(row: QueueEventRow): QueueEvent {
  return {
    id: Number(row.id),
    officeCode: row.office_code,
    serviceCode: row.service_code,
    ticketId: row.ticket_id,
    counterId: row.counter_id,
    kind: row.kind as QueueEventKind,
    at: row.at,
  };
}
