/**
 * Operation limits as clients meet them, on HTTP and graphql-ws alike: depth, estimated cost, aliases, directives and
 * tokens are refused with 400 / BAD_USER_INPUT naming the limit, before anything runs (no ticket taken, no source
 * called, no subscription started); batches are refused unless configured, and then capped; with introspection off,
 * introspection is refused on both transports and "Did you mean" suggestions are gone from every error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from './helpers/graphql.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { codesOf, openRawSocket, type RawMessage } from './helpers/raw-ws.js';

const OFFICE = 'MPP-KOTA-JAMBI';

/** `offices { counters { office { counters ... code } } }`: `levels` nested field levels, lists at every other one. */
function deepQuery(levels: number): string {
  let query = 'code';
  for (let level = levels - 1; level >= 1; level--) {
    const name = level === 1 ? 'offices' : level % 2 === 0 ? 'counters' : 'office';
    query = `${name} { ${query} }`;
  }
  return `{ ${query} }`;
}

/** `office(code: ...) { queue { office { queue ... code } } }`: deep, but no lists, so cheap. */
function chainQuery(levels: number): string {
  let query = 'code name';
  for (let level = levels - 1; level >= 2; level--) query = `${level % 2 === 0 ? 'queue' : 'office'} { ${query} }`;
  return `{ office(code: "${OFFICE}") { ${query} } }`;
}

const OVER = {
  depth: deepQuery(11),
  cost: '{ services(first: 100) { edges { node { offices { counters { services { offices { code } } } } } } } }',
  aliases: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
  directives: `{ ${Array.from({ length: 21 }, () => '__typename @include(if: true)').join(' ')} }`,
  tokens: `{ agencies { ${'code '.repeat(2_100)}} }`,
} as const;

const MAX = { depth: 10, cost: 100_000, aliases: 15, directives: 20, tokens: 2_000 } as const;

/** One operation over a fresh graphql-ws connection: its first `next` or `error` message. */
async function overSocket(url: string, payload: Record<string, unknown>, token?: string): Promise<RawMessage> {
  const socket = await openRawSocket(url);
  try {
    await socket.init(token === undefined ? {} : { authorization: `Bearer ${token}` });
    return await socket.operation('1', payload);
  } finally {
    await socket.close();
  }
}

describe('operation limits (defaults)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('measures depth as nested field levels', () => {
    expect(deepQuery(3)).toBe('{ offices { counters { code } } }');
    expect(deepQuery(5)).toBe('{ offices { counters { office { counters { code } } } } }');
  });

  it.each(Object.keys(OVER) as (keyof typeof OVER)[])('refuses an operation over the %s limit on HTTP with 400 BAD_USER_INPUT naming it', async (limit) => {
    const res = await t.query(OVER[limit]);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OPERATION_LIMIT', limit, max: MAX[limit] });
    expect(res.body.errors?.[0]?.message).toContain(`at most ${MAX[limit]}`);
    expect(res.body.errors?.[0]?.message).toContain(`GRAPHQL_MAX_${limit.toUpperCase()}`);
  });

  it.each(Object.keys(OVER) as (keyof typeof OVER)[])('refuses an operation over the %s limit over graphql-ws the same way', async (limit) => {
    const message = await overSocket(t.url, { query: OVER[limit] });
    expect(message.type).toBe('error');
    expect(message.payload).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'OPERATION_LIMIT', limit }) })]);
  });

  it('accepts what stays within every limit, on both transports', async () => {
    const query = chainQuery(10);
    expect(query).toBe(`{ office(code: "${OFFICE}") { queue { office { queue { office { queue { office { queue { office { code name } } } } } } } } } }`);
    expect((await t.query(query)).body.errors).toBeUndefined();
    const message = await overSocket(t.url, { query });
    expect(message.type).toBe('next');
    expect(codesOf(message)).toEqual([]);
  });

  it('refuses a subscription over a limit before it starts: one error, no message', async () => {
    const socket = await openRawSocket(t.url);
    await socket.init();
    const deep = `subscription { queueUpdated(officeCode: "${OFFICE}") { office { counters { office { counters { office { counters { office { counters { office { code } } } } } } } } } } }`;
    const answer = await socket.operation('deep', { query: deep });
    expect(answer.type).toBe('error');
    expect(codesOf(answer)).toEqual(['BAD_USER_INPUT']);
    // The same connection still works, and nothing else arrives for the refused id.
    const ok = await socket.operation('ok', { query: '{ __typename }' });
    expect(ok).toEqual({ id: 'ok', type: 'next', payload: { data: { __typename: 'Query' } } });
    await socket.close();
  });

  it('refuses before execution: a mutation over a limit takes no ticket', async () => {
    const waiting = async () => (await t.query(`{ queueStatus(officeCode: "${OFFICE}") { waiting } }`)).body.data.queueStatus.waiting as number;
    const before = await waiting();
    const aliases = Array.from({ length: 16 }, (_, i) => `t${i}: takeTicket(input: { officeCode: "${OFFICE}", serviceCode: "DUK-KTP-EL" }) { id }`).join(' ');
    const res = await t.query(`mutation { ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'aliases' });
    expect(await waiting()).toBe(before);
  });

  it('refuses before any source is called: an over-cost staff search costs BKD nothing', async () => {
    const analyst = await t.token({ role: 'ANALYST' });
    const calls = t.sandbox.bkd!.calls.count();
    const res = await t.query(
      '{ staffSearch(filter: { name: "siti" }, first: 100) { edges { node { trainings { name } assignments { office { counters { services { offices { name } } } } } } } } }',
      undefined,
      { token: analyst },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
    expect(t.sandbox.bkd!.calls.count()).toBe(calls);
  });

  it('holds subscriptions to a lower cost: each runs again on every event, for every subscriber', async () => {
    const selection = 'services { service { offices { counters { services { code } } } } }';
    // The same selection as a query is within GRAPHQL_MAX_COST...
    expect((await t.query(`{ queueStatus(officeCode: "${OFFICE}") { ${selection} } }`)).body.errors).toBeUndefined();
    // ...but not within GRAPHQL_MAX_SUBSCRIPTION_COST.
    const message = await overSocket(t.url, { query: `subscription { queueUpdated(officeCode: "${OFFICE}") { ${selection} } }` });
    expect(message.type).toBe('error');
    expect(message.payload).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'subscriptionCost', max: 1_000 }) }),
    ]);
    expect(JSON.stringify(message.payload)).toContain('GRAPHQL_MAX_SUBSCRIPTION_COST');
  });

  it('counts `first` from the variables: a small page passes, a large one does not', async () => {
    const query = 'query($n: Int) { services(first: $n) { edges { node { offices { counters { services { code } } } } } } }';
    expect((await t.query(query, { n: 2 })).body.errors).toBeUndefined();
    const res = await t.query(query, { n: 100 });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
  });

  it('keeps what it learnt of a text per operation and page size, never per request: each request is judged on its own', async () => {
    // Two operations in one text, one over the cost limit for a large page; the guard remembers the text's measures.
    const text = `query Small($n: Int) { services(first: $n) { edges { node { code } } } }
      query Large($n: Int) { services(first: $n) { edges { node { offices { counters { services { code } } } } } } }`;
    const run = async (operationName: string, n: number) => {
      const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, operationName, variables: { n } }) });
      return ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.map((e) => e.extensions?.code) ?? [];
    };
    for (let round = 0; round < 2; round++) {
      expect(await run('Small', 100)).toEqual([]);
      expect(await run('Large', 2)).toEqual([]);
      expect(await run('Large', 100)).toEqual(['BAD_USER_INPUT']);
    }
    // A NUL in a variable is refused although the same text passed just before; one in the text, every time.
    const search = 'query($text: String) { services(first: 1, filter: { text: $text }) { edges { node { code } } } }';
    expect((await t.query(search, { text: 'akta' })).body.errors).toBeUndefined();
    expect((await t.query(search, { text: 'ak\u0000ta' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    for (let round = 0; round < 2; round++) {
      const literal = await t.query('{ services(first: 1, filter: { text: "ak\\u0000ta" }) { edges { node { code } } } }');
      expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
    }
  });

  it('counts a fragment spread twice in one selection once, as execution does', async () => {
    const res = await t.query('query { ...A ...A } fragment A on Query { agencies { code } }');
    expect(res.status).toBe(200);
    expect(res.body.data.agencies).toHaveLength(AGENCY_CODES.length);
  });

  it('refuses a fragment bomb (each fragment nesting the next twice) by depth, quickly', async () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Office { counters { office { ...F${i + 1} } } agencies { offices { ...F${i + 1} } } }`);
    fragments.push('fragment F40 on Office { code }');
    const started = performance.now();
    const res = await t.query(`{ offices { ...F0 } } ${fragments.join(' ')}`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses fragment cycles as invalid, on both transports', async () => {
    const cycle = '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
    const res = await t.query(cycle);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    const message = await overSocket(t.url, { query: cycle });
    expect(message.type).toBe('error');
    expect(codesOf(message)[0]).toBe('BAD_USER_INPUT');
  });

  it('refuses HTTP batches: batching is off unless GRAPHQL_MAX_BATCH_SIZE is set', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }]) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BATCH_LIMIT' });
    expect(body.errors[0]?.message).toContain('GRAPHQL_MAX_BATCH_SIZE=0');
  });

  it('keeps "Did you mean" suggestions while introspection is on (development)', async () => {
    const res = await t.query('{ agencie { code } }');
    expect(res.body.errors?.[0]?.message).toContain('Did you mean "agencies"?');
  });
});

describe('operation limits as configured', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_BATCH_SIZE: '2' } });
  });
  afterAll(() => t.stop());

  const post = (body: unknown) => fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('applies GRAPHQL_MAX_DEPTH on both transports', async () => {
    expect((await t.query(deepQuery(4))).status).toBe(200);
    const res = await t.query(deepQuery(5));
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', max: 4, actual: 5 });
    const message = await overSocket(t.url, { query: deepQuery(5) });
    expect(message.payload).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ limit: 'depth', max: 4 }) })]);
  });

  it('answers a batch of at most GRAPHQL_MAX_BATCH_SIZE operations', async () => {
    const res = await post([{ query: '{ agencies { code } }' }, { query: 'query Who { viewer { role } }' }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> }[];
    expect(body).toHaveLength(2);
    expect(body[1]?.data).toEqual({ viewer: { role: 'PUBLIC' } });
  });

  it('refuses a larger batch, an empty one, and a batch with one operation over a limit', async () => {
    const three = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(three.status).toBe(400);
    expect(((await three.json()) as { errors: { message: string }[] }).errors[0]?.message).toContain('at most 2');
    expect((await post([])).status).toBe(400);
    const deep = await post([{ query: '{ __typename }' }, { query: deepQuery(5) }]);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { errors: { extensions: { limit: string } }[] }).errors[0]?.extensions.limit).toBe('depth');
  });
});

describe('with introspection off (as in production)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(() => t.stop());

  const introspection = ['{ __schema { types { name } } }', '{ __type(name: "Staff") { fields { name } } }', 'query { a: __schema { queryType { name } } }'];

  it.each(introspection)('refuses %s on HTTP', async (query) => {
    const res = await t.query(query);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.data).toBeUndefined();
  });

  it.each(introspection)('refuses %s over graphql-ws too', async (query) => {
    const message = await overSocket(t.url, { query });
    expect(message.type).toBe('error');
    expect(codesOf(message)[0]).toBe('BAD_USER_INPUT');
  });

  it('still answers __typename', async () => {
    expect((await t.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    expect((await overSocket(t.url, { query: '{ __typename }' })).payload).toEqual({ data: { __typename: 'Query' } });
  });

  const misspelled: [string, string, Record<string, unknown> | undefined][] = [
    ['a field', '{ agencie { code } }', undefined],
    ['an argument', '{ services(frist: 2) { totalCount } }', undefined],
    ['an input field', '{ services(filter: { agensy: BKD }) { totalCount } }', undefined],
    ['an enum value', '{ services(filter: { agency: BKDX }) { totalCount } }', undefined],
    ['a type', 'query($f: ServiceFiltr) { services(filter: $f) { totalCount } }', undefined],
    ['an enum value in the variables', 'query($a: AgencyCode!) { services(filter: { agency: $a }) { totalCount } }', { a: 'BKDX' }],
    ['an input field in the variables', 'query($f: ServiceFilter) { services(filter: $f) { totalCount } }', { f: { agensy: 'BKD' } }],
  ];

  it.each(misspelled)('names no schema suggestion for a misspelled %s, on HTTP and graphql-ws', async (_what, query, variables) => {
    const res = await t.query(query, variables);
    expect(errorCodes(res)[0]).toBe('BAD_USER_INPUT');
    for (const error of res.body.errors ?? []) expect(error.message).not.toMatch(/Did you mean/);
    const message = await overSocket(t.url, { query, ...(variables === undefined ? {} : { variables }) });
    expect(message.type).toBe('error');
    expect(codesOf(message)[0]).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(message.payload)).not.toMatch(/Did you mean/);
  });
});
