/**
 * Production authentication: bearer tokens of an OIDC issuer, verified with the keys its JWKS publishes (RS256 and
 * ES256), key rotation without a restart, issuer, audience and expiry checked, HS256 refused; and graphql-ws
 * connections whose token expires while they stay open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config.js';
import { connectWs, errorCodes, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { startTestIssuer, type TestIssuer } from './helpers/oidc.js';

const VIEWER = '{ viewer { role agency subject } }';

describe('a hub that trusts an OIDC issuer', () => {
  let issuer: TestIssuer;
  let t: TestHub;
  beforeAll(async () => {
    issuer = await startTestIssuer(['RS256', 'ES256']);
    // No cooldown: a token with a new kid is checked against a fresh copy of the JWKS at once.
    t = await startTestHub({ env: { ...issuer.env(), AUTH_JWKS_COOLDOWN_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t.stop();
    await issuer.stop();
  });

  it.each(['RS256', 'ES256'])('accepts a valid %s token and maps its role, agency and subject', async (alg) => {
    const kid = issuer.kids().find((k) => k.endsWith(alg.toLowerCase()));
    const token = await issuer.sign({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: `petugas-${alg}`, ...(kid === undefined ? {} : { kid }) });
    const res = await t.query(VIEWER, undefined, { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ viewer: { role: 'OFFICER', agency: 'DISDUKCAPIL', subject: `petugas-${alg}` } });
  });

  it('accepts a token signed with a key the issuer starts publishing while the hub runs', async () => {
    const signedBefore = await issuer.sign({ role: 'ADMIN', subject: 'before-rotation' });
    expect((await t.query(VIEWER, undefined, { token: signedBefore })).status).toBe(200);
    const fetchesBefore = issuer.fetches();
    const kid = await issuer.rotate('RS256', { retireOthers: true });
    const token = await issuer.sign({ role: 'ADMIN', subject: 'after-rotation', kid });
    const res = await t.query(VIEWER, undefined, { token });
    expect(res.body.data).toEqual({ viewer: { role: 'ADMIN', agency: null, subject: 'after-rotation' } });
    expect(issuer.fetches()).toBe(fetchesBefore + 1);
    // A token of a retired key is refused once the hub has the new set.
    const stale = await t.query(VIEWER, undefined, { token: signedBefore });
    expect(stale.status).toBe(401);
    expect(errorCodes(stale)).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['from another issuer', (i: TestIssuer) => i.sign({ role: 'ADMIN', issuer: 'https://evil.example/realms/jambi' })],
    ['for another audience', (i: TestIssuer) => i.sign({ role: 'ADMIN', audience: 'some-other-app' })],
    ['expired (beyond the clock tolerance)', (i: TestIssuer) => i.sign({ role: 'ADMIN', ttlSeconds: -120 })],
    ['signed with a key the issuer does not publish', (i: TestIssuer) => i.signWithUnpublishedKey({ role: 'ADMIN' })],
    ['signed with HS256 (the development secret)', () => signToken(DEVELOPMENT_JWT_SECRET, { subject: 'x', role: 'ADMIN', ttlSeconds: 60 })],
    ['an OFFICER without an agency claim', (i: TestIssuer) => i.sign({ role: 'OFFICER' })],
  ])('answers a token %s with 401 UNAUTHENTICATED', async (_what, makeToken) => {
    const res = await t.query(VIEWER, undefined, { token: await makeToken(issuer) });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.data).toBeUndefined();
  });

  it('tolerates clock skew within AUTH_CLOCK_TOLERANCE_SECONDS (30 s by default)', async () => {
    const res = await t.query(VIEWER, undefined, { token: await issuer.sign({ role: 'ANALYST', ttlSeconds: -10 }) });
    expect(res.body.data?.viewer.role).toBe('ANALYST');
  });

  it('authenticates graphql-ws connections with the issuer\'s tokens too', async () => {
    const ws = connectWs(t.url, { token: await issuer.sign({ role: 'SUPERVISOR', agency: 'DINKES' }) });
    expect((await ws.execute(VIEWER)).data).toEqual({ viewer: { role: 'SUPERVISOR', agency: 'DINKES', subject: 'oidc-supervisor' } });
    await ws.dispose();
    const forged = connectWs(t.url, { token: await issuer.signWithUnpublishedKey({ role: 'ADMIN' }) });
    expect(await forged.closed).toBe(4403);
    await forged.dispose();
  });
});

describe('the issuer\'s JWKS', () => {
  it('being down refuses tokens (and says why) without taking the hub down; once up, unknown kids do not make the hub fetch it again within the cooldown', async () => {
    const issuer = await startTestIssuer();
    issuer.setDown(true);
    const t = await startTestHub({ env: { ...issuer.env(), AUTH_JWKS_COOLDOWN_SECONDS: '30' } });
    try {
      const refused = await t.query(VIEWER, undefined, { token: await issuer.sign({ role: 'CITIZEN' }) });
      expect(refused.status).toBe(401);
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
      expect(refused.body.errors?.[0]?.message).toMatch(/could not be checked/);
      expect((await t.query(VIEWER)).body.data).toEqual({ viewer: { role: 'PUBLIC', agency: null, subject: null } });

      issuer.setDown(false);
      const fetches = issuer.fetches();
      expect((await t.query(VIEWER, undefined, { token: await issuer.sign({ role: 'CITIZEN' }) })).status).toBe(200);
      expect(issuer.fetches()).toBe(fetches + 1);
      for (let i = 0; i < 5; i += 1) {
        const forged = await t.query(VIEWER, undefined, { token: await issuer.signWithUnpublishedKey({ role: 'ADMIN' }) });
        expect(errorCodes(forged)).toEqual(['UNAUTHENTICATED']);
      }
      expect(issuer.fetches()).toBe(fetches + 1);
    } finally {
      await t.stop();
      await issuer.stop();
    }
  });
});

describe('a graphql-ws connection whose token expires', () => {
  let issuer: TestIssuer;
  let t: TestHub;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startTestHub({ env: { ...issuer.env(), AUTH_CLOCK_TOLERANCE_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t.stop();
    await issuer.stop();
  });

  it('may not start new operations (UNAUTHENTICATED), while what it started before keeps running', async () => {
    const token = await issuer.sign({ role: 'CITIZEN', ttlSeconds: 2 });
    const expiresAt = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp * 1000;
    const ws = connectWs(t.url, { token });
    expect((await ws.execute(VIEWER)).data?.viewer.role).toBe('CITIZEN');
    const updates = collect(ws, 'subscription { queueUpdated(officeCode: "MPP-KOTA-JAMBI") { waiting } }');
    await updates.next();

    await untilPast(expiresAt);
    await expect(ws.execute(VIEWER)).rejects.toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expired/) })]);

    // The subscription started before expiry still delivers.
    const take = await t.query('mutation { takeTicket(input: { officeCode: "MPP-KOTA-JAMBI", serviceCode: "DUK-KTP-EL" }) { id } }');
    expect(take.body.errors).toBeUndefined();
    expect(await updates.next()).toMatchObject({ data: { queueUpdated: { waiting: expect.any(Number) } } });
    await ws.dispose();
  });
});

/** Resolves once the wall clock is past `instant` (ms): what an expiring token waits for; no fixed sleep. */
async function untilPast(instant: number): Promise<void> {
  while (Date.now() <= instant) await new Promise((resolve) => setTimeout(resolve, Math.min(50, instant - Date.now() + 1)));
}

/** A subscription's messages, one `next()` at a time. */
function collect(ws: WsConnection, query: string): { next(): Promise<unknown> } {
  const queue: unknown[] = [];
  const waiting: ((value: unknown) => void)[] = [];
  ws.client.subscribe(
    { query },
    {
      next: (value) => {
        const take = waiting.shift();
        if (take === undefined) queue.push(value);
        else take(value);
      },
      error: () => {},
      complete: () => {},
    },
  );
  return {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve))),
  };
}
