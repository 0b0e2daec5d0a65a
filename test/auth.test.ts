import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { connectWs, errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

const VIEWER = '{ viewer { role agency subject } }';

describe('bearer tokens over HTTP', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('treats a request without a token as public', async () => {
    const res = await t.query(VIEWER);
    expect(res.body.data).toEqual({ viewer: { role: 'PUBLIC', agency: null, subject: null } });
  });

  it('reads role, agency and subject from a valid token', async () => {
    const token = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'petugas-1' });
    const res = await t.query(VIEWER, undefined, { token });
    expect(res.body.data).toEqual({ viewer: { role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'petugas-1' } });
  });

  it.each([
    ['a token signed with another secret', () => signToken('another-secret-that-is-long-enough-000', { subject: 'x', role: 'ADMIN', ttlSeconds: 60 })],
    ['an expired token', (t: TestHub) => t.token({ role: 'ADMIN', ttlSeconds: -120 })],
    ['an OFFICER token without an agency', (t: TestHub) => t.token({ role: 'OFFICER' })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
  ])('answers %s with 401 UNAUTHENTICATED', async (_name, makeToken) => {
    const res = await t.query(VIEWER, undefined, { token: await makeToken(t) });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.data).toBeUndefined();
  });

  it('answers a malformed Authorization header with 401', async () => {
    const res = await t.query(VIEWER, undefined, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('graphql-ws on the same path', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('accepts a connection without a token, as public', async () => {
    const ws = connectWs(t.url);
    const result = await ws.execute(VIEWER);
    expect(result.data).toEqual({ viewer: { role: 'PUBLIC', agency: null, subject: null } });
    const agencies = await ws.execute('{ agencies { code } }');
    expect(agencies.data?.agencies).toHaveLength(AGENCY_CODES.length);
    await ws.dispose();
  });

  it('accepts a connection with a valid token and knows the caller', async () => {
    const ws = connectWs(t.url, { token: await t.token({ role: 'SUPERVISOR', agency: 'DINKES' }) });
    const result = await ws.execute(VIEWER);
    expect(result.data?.viewer).toMatchObject({ role: 'SUPERVISOR', agency: 'DINKES' });
    await ws.dispose();
  });

  it('closes with 4403 on a bad token', async () => {
    const ws = connectWs(t.url, { connectionParams: { authorization: 'Bearer not.a.jwt' } });
    expect(await ws.closed).toBe(4403);
    await ws.dispose();
  });

  it('closes with 4403 on an expired token', async () => {
    const ws = connectWs(t.url, { token: await t.token({ role: 'CITIZEN', ttlSeconds: -120 }) });
    expect(await ws.closed).toBe(4403);
    await ws.dispose();
  });

  it('formats errors over the socket like HTTP does', async () => {
    const ws = connectWs(t.url);
    const result = await ws.execute('{ services(first: 1000) { totalCount } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    await ws.dispose();
  });
});
