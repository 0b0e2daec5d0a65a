/**
 * CSRF: what a hostile page can make a browser send without a CORS preflight (a form POST, a text/plain POST, a
 * simple GET) is refused before anything runs, so a citizen's browser cannot be made to take or cancel a ticket;
 * JSON POSTs, which browsers only send cross-site after a preflight the hub answers for allowed origins only, work.
 * Apollo Server 5's csrfPrevention does the refusing (the hub passes every header to it); these are raw requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { rawCodes, rawRequest } from './helpers/raw-http.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const TAKE = `mutation { takeTicket(input: { officeCode: "${OFFICE}", serviceCode: "DUK-KTP-EL" }) { id code } }`;

describe('CSRF prevention', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { CORS_ORIGINS: 'https://antrian.jambikota.go.id' } });
  });
  afterAll(() => t.stop());

  const waiting = async (): Promise<number> => (await t.query(`{ queueStatus(officeCode: "${OFFICE}") { waiting } }`)).body.data.queueStatus.waiting;

  const simpleRequests: [string, Parameters<typeof rawRequest>[1]][] = [
    ['a form POST (application/x-www-form-urlencoded)', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `query=${encodeURIComponent(TAKE)}` }],
    ['a form POST (multipart/form-data)', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${TAKE}\r\n--x--\r\n` }],
    ['a text/plain POST carrying JSON (what fetch no-cors and sendBeacon send)', { headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ query: TAKE }) }],
    ['a POST with JSON but no content type', { body: JSON.stringify({ query: TAKE }) }],
    ['a simple GET of the mutation', { method: 'GET', search: `?query=${encodeURIComponent(TAKE)}` }],
  ];

  it.each(simpleRequests)('refuses %s with 400 BAD_USER_INPUT, taking no ticket', async (_what, request) => {
    const before = await waiting();
    const res = await rawRequest(t.url, request);
    expect(res.status).toBe(400);
    expect(rawCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.text).not.toContain('takeTicket":{');
    expect(await waiting()).toBe(before);
  });

  it('refuses a mutation over GET even with the preflight header (405): GET is for queries', async () => {
    const before = await waiting();
    const res = await rawRequest(t.url, { method: 'GET', search: `?query=${encodeURIComponent(TAKE)}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(rawCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(await waiting()).toBe(before);
  });

  it('says why in the message: a content type or a preflight header is needed', async () => {
    const res = await rawRequest(t.url, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ agencies { code } }' }) });
    expect((res.json as { errors: { message: string }[] }).errors[0]?.message).toContain('Cross-Site Request Forgery');
  });

  it('answers a JSON POST (which a browser sends cross-site only after a CORS preflight)', async () => {
    const before = await waiting();
    const res = await rawRequest(t.url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TAKE }) });
    expect(res.status).toBe(200);
    expect((res.json as { data: { takeTicket: { code: string } } }).data.takeTicket.code).toMatch(/^[A-Z]{1,2}-\d{3}$/);
    expect(await waiting()).toBe(before + 1);
  });

  it('answers a simple GET query that carries the preflight header', async () => {
    const res = await rawRequest(t.url, { method: 'GET', search: `?query=${encodeURIComponent('{ agencies { code } }')}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
  });

  it('grants the CORS preflight to configured origins only', async () => {
    const preflight = (origin: string) =>
      rawRequest(t.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const allowed = await preflight('https://antrian.jambikota.go.id');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://antrian.jambikota.go.id');
    expect(allowed.headers['access-control-allow-headers']).toContain('content-type');
    const hostile = await preflight('https://evil.example');
    expect(hostile.status).toBe(204);
    expect(hostile.headers['access-control-allow-origin']).toBeUndefined();
    expect(hostile.headers['access-control-allow-methods']).toBeUndefined();
  });
});
