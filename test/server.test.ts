import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

describe('HTTP server', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  const base = () => t.url.replace(/\/graphql$/, '');

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', instance: t.hub.instanceId });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', instance: t.hub.instanceId, checks: { database: 'ok', listen: 'ok' } });
  });

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });

  it('answers the four agencies', async () => {
    const res = await t.query<{ agencies: { code: string; name: string }[] }>('{ agencies { code name } }');
    expect(res.status).toBe(200);
    expect(res.body.data?.agencies.map((a) => a.code).sort()).toEqual([...AGENCY_CODES].sort());
    expect(res.body.data?.agencies.find((a) => a.code === 'DISDUKCAPIL')?.name).toBe('Dinas Kependudukan dan Pencatatan Sipil');
  });

  it('serves GET queries with the CSRF-safe preflight header', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ agencies { code } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { agencies: unknown[] } }).data.agencies).toHaveLength(AGENCY_CODES.length);
  });

  it('refuses a simple GET without the preflight header (CSRF)', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ agencies { code } }')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await t.query('{ agencies { code } }', undefined, { headers: { 'x-request-id': 'dash-42' } });
    expect(given.headers.get('x-request-id')).toBe('dash-42');
    const made = await t.query('{ agencies { code } }', undefined, { headers: { 'x-request-id': 'not an id; drop table' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses malformed JSON with 400 BAD_USER_INPUT', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('refuses a body over the size limit with 413 before parsing it', async () => {
    const huge = JSON.stringify({ query: `{ agencies { code } } # ${'x'.repeat(t.config.http.maxBodyBytes)}` });
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('maps GraphQL parse and validation failures onto BAD_USER_INPUT, keeping the finer reason', async () => {
    const parse = await t.query('{ agencies { code ');
    expect(parse.status).toBe(400);
    expect(parse.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
    const invalid = await t.query('{ agencies { nope } }');
    expect(invalid.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('reports SQL statements per request in extensions.stats', async () => {
    // A text search is one statement (the catalog snapshot, read at no SQL cost, does not search text).
    const res = await t.query('{ services(filter: { text: "KTP" }) { edges { node { code } } } }');
    expect(res.body.extensions?.stats?.sqlStatements).toBe(1);
  });

  it('refuses other methods with 405', async () => {
    const res = await fetch(t.url, { method: 'PUT' });
    expect(res.status).toBe(405);
  });
});

describe('hub lifecycle', () => {
  it('stops cleanly, twice, and frees the port', async () => {
    const t = await startTestHub();
    const healthz = t.url.replace(/\/graphql$/, '/healthz');
    expect((await fetch(healthz)).status).toBe(200);
    await Promise.all([t.hub.stop(), t.hub.stop()]);
    await t.stop();
    await expect(fetch(healthz)).rejects.toThrow();
  });

  it('finishes a request in flight before stopping', async () => {
    const t = await startTestHub();
    const body = JSON.stringify({ query: '{ offices { code services { code } counters { code } } }' });
    const request = http.request(t.url, {
      method: 'POST',
      // The server answers "100 Continue" once it has dispatched the request: proof that it is in flight.
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    await new Promise<void>((resolve) => request.on('continue', () => resolve()));
    const stopped = t.stop();
    request.end(body);
    const { status, text } = await response;
    await stopped;
    expect(status).toBe(200);
    expect(JSON.parse(text).data.offices.length).toBeGreaterThan(5);
  });
});
