/**
 * takeTicket's group commit on the database: takes that arrive together share one statement, get their numbers in
 * arrival order, and a bad take in a batch fails alone, with its own error, while the others are written whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { verifyAuditChain } from '../src/audit/verify.js';
import { QueueStore, type TakeTicketCommand } from '../src/store/queue.js';

const OFFICE = 'DUKCAPIL-KOTA-JAMBI';
/** A day nothing else in the tests touches, so that every letter starts at 1. */
const NOW = new Date('2031-03-03T01:00:00Z');
const DAY = '2031-03-03';

function take(serviceCode: string, more: Partial<TakeTicketCommand> = {}): TakeTicketCommand {
  return {
    officeCode: OFFICE,
    serviceCode,
    priority: null,
    idempotency: null,
    actor: { subject: 'test-taker', nip: null },
    now: NOW,
    audit: (ticket) => [{ principal: { kind: 'public' }, operation: 'TakeTicket', action: 'ticket.take', subject: ticket.id, outcome: 'ok', clientAddress: null, requestId: null }],
    ...more,
  };
}

/** Counts the take statements (those that insert tickets) run while `fn` runs. */
async function takeStatements<T>(knex: Knex, fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const count = (query: { sql: string }) => {
    if (query.sql.includes('insert into ticket (')) statements += 1;
  };
  knex.on('query', count);
  try {
    return { result: await fn(), statements };
  } finally {
    knex.removeListener('query', count);
  }
}

const settle = <T,>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: { code?: string; message?: string }) => ({ ok: false as const, code: error.code, message: error.message }),
  );

describe(`takeTicket group commit (${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestHub;
  let knex: Knex;
  let queue: QueueStore;
  beforeAll(async () => {
    t = await startTestHub();
    knex = t.hub.database.knex;
    queue = new QueueStore(knex);
  });
  afterAll(() => t.stop());

  it('writes takes that arrive together in one statement, numbered in arrival order', async () => {
    // The first runs at once, alone; the 39 that arrive while it runs go together when it ends.
    const { result, statements } = await takeStatements(knex, () => Promise.all(Array.from({ length: 40 }, () => queue.takeTicket(take('DUK-KTP-EL')))));
    expect(statements).toBe(2);
    expect(result.map(({ ticket }) => ticket.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const events = await knex('queue_event').whereIn('ticket_id', result.map(({ ticket }) => ticket.id)).where('kind', 'TICKET_TAKEN').count<{ n: string }[]>('* as n');
    expect(Number(events[0]?.n)).toBe(40);
    const waiting = await knex('queue_waiting').where({ service_day: DAY, office_code: OFFICE, service_code: 'DUK-KTP-EL' }).first('waiting');
    expect(waiting?.waiting).toBe(40);
  });

  it('fails a bad take alone, with its own error, and writes the rest of its batch whole', async () => {
    const kept = await queue.takeTicket(take('DUK-KK', { idempotency: { scope: 'public', key: 'group-commit-kept-key-0001' } }));
    const auditBefore = await knex('audit_log').count<{ n: string }[]>('* as n');
    const { result: outcomes, statements } = await takeStatements(knex, async () => {
      const blocker = queue.takeTicket(take('DUK-KIA')); // runs alone; the takes below wait for it and go together
      const batch = Promise.all([
        settle(queue.takeTicket(take('DUK-KK'))),
        settle(queue.takeTicket(take('DUK-KTP-EL', { idempotency: { scope: 'public', key: 'group-commit-kept-key-0001' } }))), // the key, for another service
        settle(queue.takeTicket(take('DKS-POLI-UMUM'))), // not offered at this office
        settle(queue.takeTicket(take('DUK-KK', { officeCode: 'NO-SUCH-OFFICE' }))),
        settle(queue.takeTicket(take('DUK-KK', { idempotency: { scope: 'public', key: 'group-commit-kept-key-0001' } }))), // a retry
        // An entry the audit log refuses (it has no action): its statement fails.
        settle(queue.takeTicket(take('DUK-KIA', { audit: (ticket) => [{ principal: { kind: 'public' }, operation: 'TakeTicket', action: null as unknown as string, subject: ticket.id, outcome: 'ok', clientAddress: null, requestId: null }] }))),
        settle(queue.takeTicket(take('DUK-KIA'))),
        settle(queue.takeTicket(take('DUK-KK'))),
      ]);
      await blocker;
      return batch;
    });
    // The blocker, the batch of eight (refused), then each of the eight alone.
    expect(statements).toBe(10);

    expect(outcomes.map((o) => (o.ok ? `${o.value.ticket.prefix}${o.value.ticket.number}${o.value.replayed ? ' again' : ''}` : o.code))).toEqual([
      expect.stringMatching(/^[A-Z]+2$/),
      'CONFLICT',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      expect.stringMatching(/^[A-Z]+1 again$/),
      '23502', // the database's own error (not null), not a client's
      expect.stringMatching(/^[A-Z]+2$/),
      expect.stringMatching(/^[A-Z]+3$/),
    ]);
    const retry = outcomes[4];
    expect(retry?.ok && retry.value.ticket.id).toBe(kept.ticket.id);

    // Numbers without gaps, counters and audit records for exactly the tickets written.
    const tickets = await knex('ticket').where({ service_day: DAY, office_code: OFFICE }).whereIn('service_code', ['DUK-KK', 'DUK-KIA']).orderBy(['service_code', 'number']).select('service_code', 'number');
    expect(tickets).toEqual([
      { service_code: 'DUK-KIA', number: 1 },
      { service_code: 'DUK-KIA', number: 2 },
      { service_code: 'DUK-KK', number: 1 },
      { service_code: 'DUK-KK', number: 2 },
      { service_code: 'DUK-KK', number: 3 },
    ]);
    const waiting = await knex('queue_waiting').where({ service_day: DAY, office_code: OFFICE }).whereIn('service_code', ['DUK-KK', 'DUK-KIA']).orderBy('service_code').select('service_code', 'waiting');
    expect(waiting).toEqual([
      { service_code: 'DUK-KIA', waiting: 2 },
      { service_code: 'DUK-KK', waiting: 3 },
    ]);
    const auditAfter = await knex('audit_log').count<{ n: string }[]>('* as n');
    expect(Number(auditAfter[0]?.n) - Number(auditBefore[0]?.n)).toBe(4); // the blocker and three new tickets
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });
  });
});
