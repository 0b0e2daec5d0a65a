/**
 * Persisted operations: the allow-list built from examples/*.graphql. Every document there is valid and within the
 * default limits; clients name an operation by its SHA-256 (Apollo's APQ format over HTTP POST and GET, the same
 * extension in a graphql-ws payload) or send its text; `require` runs nothing else, on both transports, while the
 * display board keeps working; `off` refuses the extension; and no client can add to the list.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { checkLimits, measureOperation } from '../src/operations/limits.js';
import { PersistedOperations, PersistedOperationsError, sha256Hex } from '../src/operations/persisted.js';
import { projectPath } from '../src/project-root.js';
import { createSchema } from '../src/schema.js';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { codesOf, openRawSocket, type RawMessage } from './helpers/raw-ws.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const schema = createSchema();
const persisted = PersistedOperations.fromDirectory(projectPath('examples'), schema);
const hashOf = (name: string): string => {
  const operation = persisted.operations.find((o) => o.name === name);
  if (operation === undefined) throw new Error(`no persisted operation ${name}`);
  return operation.sha256;
};
const byHash = (name: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(name) } } });
const UNKNOWN_HASH = 'ab'.repeat(32);

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  }));

const getByHash = (url: string, name: string, variables?: Record<string, unknown>) => {
  const search = new URLSearchParams({ extensions: JSON.stringify(byHash(name).extensions), ...(variables === undefined ? {} : { variables: JSON.stringify(variables) }) });
  return fetch(`${url}?${search.toString()}`, { headers: { 'apollo-require-preflight': 'true' } }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  }));
};

async function overSocket(url: string, payload: Record<string, unknown>): Promise<RawMessage> {
  const socket = await openRawSocket(url);
  try {
    await socket.init();
    return await socket.operation('1', payload);
  } finally {
    await socket.close();
  }
}

describe('the documents under examples/', () => {
  it('are valid against the schema, named, and cover the hub\'s own clients', () => {
    const names = persisted.operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    // The board, a public queue app, a counter console, an agency dashboard and a BKD analyst.
    expect(names).toEqual(expect.arrayContaining(['Board', 'TakeTicket', 'WatchTicket', 'CallNext', 'VerifyResident', 'AgencySatisfaction', 'ComplaintInbox', 'StaffSearch', 'StaffProfile']));
    for (const operation of persisted.operations) expect(operation.sha256).toBe(sha256Hex(operation.text));
  });

  it('keep the default limits even at the largest page size', () => {
    const limits = loadConfig({}).operations.limits;
    for (const operation of persisted.operations) {
      const measure = measureOperation(schema, parse(operation.text), operation.name, { first: 100 }, limits.defaultListSize);
      expect({ name: operation.name, refused: checkLimits(measure, limits)?.message ?? null }).toEqual({ name: operation.name, refused: null });
    }
  });

  it('give the board its subscription: the bundle carries the persisted text', () => {
    const board = persisted.operations.find((o) => o.name === 'Board');
    expect(board?.type).toBe('subscription');
    expect(readFileSync(projectPath('web', 'board', 'main.ts'), 'utf8')).toContain("from '../../examples/board.graphql'");
  });

  it('refuse to load when a document is broken, naming the file and the operation', () => {
    const load = (text: string) => () => PersistedOperations.fromSources([{ file: 'app.graphql', text }], schema);
    expect(load('query Nope { agencie { code } }')).toThrow(PersistedOperationsError);
    expect(load('query Nope { agencie { code } }')).toThrow(/examples\/app\.graphql: operation Nope is not valid/);
    expect(load('{ agencies { code } }')).toThrow(/needs a name/);
    expect(load('query A { agencies { code } } query A { offices { code } }')).toThrow(/defined twice/);
    expect(load('query A { ...Missing }')).toThrow(/not defined under examples/);
  });

  it('match a text by its canonical form: whitespace, comments and definition order do not matter', () => {
    const text = persisted.operations.find((o) => o.name === 'MyTicket')?.text ?? '';
    const reformatted = `# a comment\n${text.replace(/\n\s*/g, '\n      ')}`;
    const fragmentFirst = text.slice(text.indexOf('fragment')) + '\n' + text.slice(0, text.indexOf('fragment'));
    expect(persisted.includes(parse(reformatted), 'MyTicket')).toBe(true);
    expect(persisted.includes(parse(fragmentFirst), null)).toBe(true);
    expect(persisted.includes(parse(text.replace('status', 'status number')), null)).toBe(false);
  });
});

describe('PERSISTED_OPERATIONS=allow (the default)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('runs a persisted operation named by hash over HTTP POST, HTTP GET and graphql-ws', async () => {
    const variables = { filter: { regencyCode: '1571' } };
    const viaPost = await post(t.url, { ...byHash('FindOffices'), variables });
    expect(viaPost.status).toBe(200);
    expect(viaPost.body.errors).toBeUndefined();
    const offices = viaPost.body.data?.['offices'] as { code: string }[];
    expect(offices.map((o) => o.code)).toContain(OFFICE);
    const viaGet = await getByHash(t.url, 'FindOffices', variables);
    expect(viaGet.body.data).toEqual(viaPost.body.data);
    const viaSocket = await overSocket(t.url, { query: '', ...byHash('FindOffices'), variables });
    expect(viaSocket.type).toBe('next');
    expect(viaSocket.payload).toEqual({ data: viaPost.body.data });
  });

  it('still runs any other operation sent as text', async () => {
    expect((await t.query('{ agencies { code } }')).body.data.agencies).toHaveLength(AGENCY_CODES.length);
  });

  it('answers an unknown hash with PersistedQueryNotFound, which Apollo Client answers with the text', async () => {
    const res = await post(t.url, { extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN_HASH } } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_FOUND' } }]);
    const socket = await overSocket(t.url, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN_HASH } } });
    expect(socket.payload).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_FOUND' } }]);
  });

  it('lets no client register an operation (Apollo\'s APQ cache is not used)', async () => {
    const query = '{ agencies { name } }';
    const hash = sha256Hex(query);
    const registered = await post(t.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(registered.status).toBe(200);
    const again = await post(t.url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(again.body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });

  it.each([
    ['a version other than 1', { version: 2, sha256Hash: UNKNOWN_HASH }],
    ['a hash that is not SHA-256 hex', { version: 1, sha256Hash: 'not-a-hash' }],
    ['no hash', { version: 1 }],
    ['a string', 'persisted'],
  ])('refuses a persistedQuery extension with %s', async (_what, persistedQuery) => {
    const res = await post(t.url, { extensions: { persistedQuery } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('PERSISTED_OPERATIONS=require', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { PERSISTED_OPERATIONS: 'require' } });
  });
  afterAll(() => t.stop());

  it('refuses any other operation on HTTP with 400 BAD_USER_INPUT, before it runs', async () => {
    const res = await t.query('{ agencies { code } }');
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'OPERATION_NOT_PERSISTED' });
    expect(res.body.errors?.[0]?.message).toContain('PERSISTED_OPERATIONS=require');
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ agencies { code } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
  });

  it('refuses any other operation over graphql-ws too, subscriptions included', async () => {
    const query = await overSocket(t.url, { query: '{ agencies { code } }' });
    expect(query.type).toBe('error');
    expect(query.payload).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'OPERATION_NOT_PERSISTED' } })]);
    const subscription = await overSocket(t.url, { query: `subscription { queueUpdated(officeCode: "${OFFICE}") { waiting } }` });
    expect(codesOf(subscription)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a persisted operation with a field added', async () => {
    const text = persisted.operations.find((o) => o.name === 'ConsoleViewer')?.text ?? '';
    const res = await t.query(text.replace('subject', 'subject __typename'));
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'OPERATION_NOT_PERSISTED' });
  });

  it('runs persisted operations by hash (POST, GET, graphql-ws) and as their text, whole files included', async () => {
    const viaPost = await post(t.url, { ...byHash('ServiceDetail'), variables: { code: 'DUK-KTP-EL' } });
    expect(viaPost.body.errors).toBeUndefined();
    expect((viaPost.body.data?.['service'] as { code: string }).code).toBe('DUK-KTP-EL');
    expect((await getByHash(t.url, 'ServiceDetail', { code: 'DUK-KTP-EL' })).body.data).toEqual(viaPost.body.data);
    const viaSocket = await overSocket(t.url, { query: '', ...byHash('ServiceDetail'), variables: { code: 'DUK-KTP-EL' } });
    expect(viaSocket.payload).toEqual({ data: viaPost.body.data });
    // An app that ships the whole document and names the operation it means.
    const file = readFileSync(projectPath('examples', 'public-queue-app.graphql'), 'utf8');
    const asText = await post(t.url, { query: file, operationName: 'ServiceDetail', variables: { code: 'DUK-KTP-EL' } });
    expect(asText.body.errors).toBeUndefined();
    expect(asText.body.data).toEqual(viaPost.body.data);
  });

  it('takes a ticket and watches it through persisted operations only', async () => {
    const taken = await post(t.url, { ...byHash('TakeTicket'), variables: { input: { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' } } });
    expect(taken.body.errors).toBeUndefined();
    const ticket = taken.body.data?.['takeTicket'] as { id: string; code: string; status: string };
    expect(ticket.status).toBe('WAITING');
    const watched = await overSocket(t.url, { query: '', ...byHash('WatchTicket'), variables: { id: ticket.id } });
    expect(watched.payload).toMatchObject({ data: { ticketUpdated: { id: ticket.id, code: ticket.code, status: 'WAITING' } } });
  });

  it('still applies the limits to persisted operations (a page past the cost limit)', async () => {
    const res = await post(t.url, { ...byHash('FindServices'), variables: { first: 100_000 } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
  });

  describe.skipIf(!browserAvailable)('the display board', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it('works: its subscription is the persisted one', async () => {
      const page = await browser.newPage();
      await page.goto(`${t.url.replace(/\/graphql$/, '')}/board/${OFFICE}`);
      await page.locator('#connection[data-state="connected"]').waitFor();
      await page.getByRole('heading', { name: 'Mal Pelayanan Publik Kota Jambi' }).waitFor({ timeout: 5_000 });
      expect(await page.locator('#services li').count()).toBeGreaterThan(0);
      await page.close();
    });
  });
});

describe('PERSISTED_OPERATIONS=off', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { PERSISTED_OPERATIONS: 'off' } });
  });
  afterAll(() => t.stop());

  it('refuses the persistedQuery extension as Apollo does without APQ, on both transports', async () => {
    const res = await post(t.url, byHash('FindOffices'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'PersistedQueryNotSupported', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_SUPPORTED' } }]);
    const socket = await overSocket(t.url, { query: '', ...byHash('FindOffices') });
    expect(codesOf(socket)).toEqual(['BAD_USER_INPUT']);
  });

  it('runs operations sent as text', async () => {
    const res = await t.query('query { viewer { role } }');
    expect(errorCodes(res)).toEqual([]);
    expect(res.body.data).toEqual({ viewer: { role: 'PUBLIC' } });
  });
});
