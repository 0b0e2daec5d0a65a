/**
 * The hostile-request corpus (test/fixtures/hostile-requests.ts) against one hub configured as production runs it
 * (introspection and request stats off): every request gets its expected HTTP status and `extensions.code` (or
 * WebSocket close code), the row counts of every hub table are the same after each refused request as before it, and
 * the hub is still up and ready after the whole corpus.
 *
 * Not compared: `rate_limit_window` (every call to a rate-limited mutation counts, refused or not: that is what a rate
 * limit is) and knex's own migration tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_REQUESTS, type Caller, type CorpusContext, type HostileCase, type WsOutcome, type WsScript } from './fixtures/hostile-requests.js';
import { graphql } from './helpers/graphql.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { rawCodes, rawRequest } from './helpers/raw-http.js';
import { codesOf, openRawSocket, rawUpgrade } from './helpers/raw-ws.js';

const NOT_COMPARED = new Set(['rate_limit_window', 'knex_migrations', 'knex_migrations_lock']);

describe('the hostile-request corpus', () => {
  let t: TestHub;
  let context: CorpusContext;
  let tokens: Record<Caller, string | undefined>;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestHub({
      env: {
        GRAPHQL_INTROSPECTION: 'false',
        EXPOSE_REQUEST_STATS: 'false',
        // Limits on public mutations would answer RATE_LIMITED long before the corpus ends: they have tests of their own.
        RATE_LIMIT_SURVEYS_PER_MINUTE: '100000',
        RATE_LIMIT_COMPLAINTS_PER_MINUTE: '100000',
      },
    });
    tokens = {
      public: undefined,
      citizen: await t.token({ role: 'CITIZEN', subject: 'warga-corpus' }),
      officer: await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: '198503152010012003' }),
      analyst: await t.token({ role: 'ANALYST' }),
    };
    const taken = await t.query('mutation { takeTicket(input: { officeCode: "MPP-KOTA-JAMBI", serviceCode: "DUK-KTP-EL" }) { id holderToken } }');
    const office = await t.query('{ office(code: "MPP-KOTA-JAMBI") { counters { id code } } }');
    const counter = (office.body.data.office.counters as { id: string; code: string }[]).find((c) => c.code === 'L1');
    if (counter === undefined) throw new Error('the demo MPP has no counter L1');
    context = { ticket: taken.body.data.takeTicket, counterId: counter.id };
    const rows: { table_name: string }[] = await t.hub.database
      .knex('information_schema.tables')
      .where({ table_schema: 'public', table_type: 'BASE TABLE' })
      .select('table_name');
    tables = rows.map((row) => row.table_name).filter((name) => !NOT_COMPARED.has(name)).sort();
  });
  afterAll(() => t?.stop());

  /** Rows per hub table, in one statement. */
  async function rowCounts(): Promise<Record<string, number>> {
    const sql = tables.map((table) => `select '${table}' as name, count(*)::int as rows from "${table}"`).join(' union all ');
    const result: { rows: { name: string; rows: number }[] } = await t.hub.database.knex.raw(sql);
    return Object.fromEntries(result.rows.map((row) => [row.name, Number(row.rows)]));
  }

  async function wsOutcome(script: WsScript): Promise<WsOutcome> {
    if (script.kind === 'upgrade') {
      const answer = await rawUpgrade(t.url, script.protocol);
      return answer.status === 101 ? { close: answer.closeCode ?? -1 } : { handshake: answer.status };
    }
    const socket = await openRawSocket(t.url);
    try {
      if (script.kind === 'operation') {
        await socket.init();
        const message = await socket.operation('hostile', script.payload);
        return { codes: codesOf(message).map(String) };
      }
      if (script.init !== false) await socket.init(script.init === true ? undefined : script.init);
      for (const message of script.messages) socket.ws.send(Buffer.isBuffer(message) || typeof message === 'string' ? message : JSON.stringify(message));
      return { close: (await socket.closed).code };
    } finally {
      await socket.close();
    }
  }

  async function outcome(hostile: HostileCase): Promise<unknown> {
    switch (hostile.kind) {
      case 'http': {
        const res = await rawRequest(t.url, hostile.request);
        return { status: res.status, codes: rawCodes(res).map(String) };
      }
      case 'graphql': {
        const token = tokens[hostile.as ?? 'public'];
        const res = await graphql(t.url, hostile.query, hostile.variables?.(context), {
          ...(token === undefined ? {} : { token }),
          ...(hostile.headers === undefined ? {} : { headers: hostile.headers }),
        });
        if (hostile.echo !== undefined) {
          let value: unknown = res.body.data;
          for (const key of hostile.echo.path) value = (value as Record<string, unknown> | null | undefined)?.[key];
          expect(value).toBe(hostile.echo.value);
        }
        return { status: res.status, codes: (res.body.errors ?? []).map((e) => String(e.extensions?.code)) };
      }
      case 'ws':
        return wsOutcome(hostile.script);
    }
  }

  const refused = (hostile: HostileCase): boolean =>
    hostile.kind === 'ws' ? !('codes' in hostile.expect) || hostile.expect.codes.length > 0 : hostile.expect.codes.length > 0;

  it('has at least 200 requests, each named once', () => {
    expect(HOSTILE_REQUESTS.length).toBeGreaterThanOrEqual(200);
    const names = HOSTILE_REQUESTS.map((hostile) => `${hostile.kind}: ${hostile.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(HOSTILE_REQUESTS.map((hostile) => [`${hostile.kind}: ${hostile.name}`, hostile] as const))('%s', async (_name, hostile) => {
    const before = refused(hostile) ? await rowCounts() : null;
    expect(await outcome(hostile)).toEqual(hostile.expect);
    if (before !== null) expect(await rowCounts()).toEqual(before);
  });

  it('leaves the hub up and ready, still answering, after the whole corpus', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const res = await t.query('{ agencies { code } queueStatus(officeCode: "MPP-KOTA-JAMBI") { waiting } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.agencies).toHaveLength(AGENCY_CODES.length);
    const ticket = await t.query('query($id: ID!) { ticket(id: $id) { status } }', { id: context.ticket.id });
    expect(ticket.body.data.ticket.status).toBe('WAITING');
  });
});
