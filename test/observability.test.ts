import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWs } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { startCollector, type Collector } from './helpers/otlp-collector.js';
import { takeTicket } from './helpers/queue.js';
import { practitionersInBkd } from '../sandbox/world/queries.js';

/** The value of one sample in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('/metrics', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { METRICS_BEARER_TOKEN: 'scrape-secret-for-the-test' } });
  });
  afterAll(() => t.stop());

  const scrape = async () => {
    const res = await fetch(t.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: 'Bearer scrape-secret-for-the-test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('refuses a scrape without the configured token', async () => {
    expect((await fetch(t.url.replace(/\/graphql$/, '/metrics'))).status).toBe(401);
  });

  it('counts a known sequence of operations with their names, codes and labels', async () => {
    await t.query('query Agencies { agencies { code offices { code counters { code } } } }');
    await t.query('query Agencies { agencies { code } }');
    await t.query('query Broken { services(first: 1000) { totalCount } }');
    await takeTicket(t, { officeCode: 'MPP-KOTA-JAMBI', serviceCode: 'DUK-KK' });
    const ws = connectWs(t.url);
    const messages: unknown[] = [];
    let first: () => void = () => {};
    const subscribed = new Promise<void>((resolve) => (first = resolve));
    ws.client.subscribe({ query: 'subscription Board { queueUpdated(officeCode: "MPP-KOTA-JAMBI") { waiting } }' }, {
      next: (m) => {
        messages.push(m);
        first();
      },
      error: () => {},
      complete: () => {},
    });
    await subscribed;

    const text = await scrape();
    expect(sample(text, 'sepucuk_graphql_operations_total', { operation: 'Agencies', type: 'query', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'sepucuk_graphql_operations_total', { operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(sample(text, 'sepucuk_graphql_errors_total', { operation: 'Broken', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'sepucuk_graphql_operations_total', { operation: 'anonymous', type: 'mutation', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'sepucuk_graphql_operation_duration_seconds_count', { operation: 'Agencies' })).toBe(2);
    expect(sample(text, 'sepucuk_http_requests_total', { route: 'graphql', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'sepucuk_queue_waiting_tickets', { office: 'MPP-KOTA-JAMBI' })).toBe(1);
    // Counters are live data, read through their loader (catalog relations come from the instance's snapshot).
    expect(sample(text, 'sepucuk_dataloader_batch_size_count', { loader: 'countersOfOffice' })).toBe(1);
    expect(sample(text, 'sepucuk_websocket_connections')).toBe(1);
    expect(sample(text, 'sepucuk_subscriptions_active')).toBe(1);
    expect(sample(text, 'sepucuk_subscription_messages_total', { field: 'queueUpdated' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sepucuk_sql_statements_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'sepucuk_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    expect(sample(text, 'sepucuk_ready')).toBe(1);
    expect(sample(text, 'sepucuk_listen_connected')).toBe(1);
    expect(sample(text, 'sepucuk_process_cpu_seconds_total')).toBeGreaterThan(0);

    // The take's NOTIFY went through the bus to the subscriber: pub/sub lag is measured.
    await takeTicket(t, { officeCode: 'MPP-KOTA-JAMBI', serviceCode: 'DUK-KK' });
    await expect.poll(() => messages.length).toBeGreaterThanOrEqual(2);
    expect(sample(await scrape(), 'sepucuk_pubsub_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    await ws.dispose();
  });

  it('keeps operation-name labels bounded when clients invent names', async () => {
    await Promise.all(Array.from({ length: 250 }, (_, i) => t.query(`query Invented${i} { agencies { code } }`)));
    const text = await scrape();
    const names = new Set(text.split('\n').filter((l) => l.startsWith('sepucuk_graphql_operations_total{')).map((l) => /operation="([^"]+)"/.exec(l)?.[1]));
    names.delete('anonymous'); // earlier tests in this file send unnamed operations
    expect(names.has('other')).toBe(true);
    names.delete('other');
    expect(names.size).toBeLessThanOrEqual(200);
  });
});

describe('tracing', () => {
  let collector: Collector;
  let t: TestHub;
  beforeAll(async () => {
    collector = await startCollector();
    // No source cache: every source is asked on every request, so each shows up in the trace.
    t = await startTestHub({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, SOURCE_CACHE_TTL_MS: '0' } });
  });
  afterAll(async () => {
    await t.stop();
    await collector.close();
  });

  it('exports one trace per operation: a named root span with a child span per SQL statement', async () => {
    await t.query('query OfficeBoard { office(code: "MPP-KOTA-JAMBI") { name counters { code services { code } } } }');
    const root = await collector.waitFor((span) => span.name === 'query OfficeBoard');
    await collector.waitFor((span) => span.traceId === root.traceId && span.name === 'sql');
    const trace = collector.spans.filter((span) => span.traceId === root.traceId);
    const sql = trace.filter((span) => span.name === 'sql');
    expect(sql.length).toBeGreaterThanOrEqual(2);
    expect(sql.every((span) => span.parentSpanId === root.spanId)).toBe(true);
    expect(String(sql[0]?.attributes['db.query.text'])).toMatch(/select/i);
    expect(root.attributes['graphql.operation.type']).toBe('query');
  });

  it('continues the caller\'s trace from a W3C traceparent header', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    await t.query('query Continued { agencies { code } }', undefined, { headers: { traceparent: `00-${traceId}-${parent}-01` } });
    const root = await collector.waitFor((span) => span.name === 'query Continued');
    expect(root.traceId).toBe(traceId);
    expect(root.parentSpanId).toBe(parent);
  });

  it('gives a query across the four agencies one trace, with a client span per source under the operation', async () => {
    const { world } = t.sandbox;
    // A health worker in BKD's records (BKD, and SATUSEHAT through the NIK); Dapodik is read for every staff member's
    // assignments; verifyResident asks the civil registry. A SUPERVISOR of Dinas Kesehatan may read both.
    const unitAgency = new Map(world.workUnits.map((unit) => [unit.id, unit.agency]));
    const person = practitionersInBkd(world).find((c) => unitAgency.get(c.workUnitId) === 'DINKES');
    const resident = world.residents[0];
    if (person === undefined || resident === undefined) throw new Error('the demo world has no health worker of Dinas Kesehatan in BKD');
    const supervisor = await t.token({ role: 'SUPERVISOR', agency: 'DINKES' });
    const httpStandIns = (['BKD', 'DISDIK', 'DINKES'] as const).map((agency) => ({ agency, calls: t.sandbox.standIn(agency).calls }));
    for (const { calls } of httpStandIns) calls.reset();

    const res = await t.query(
      `query AllFour($nip: String!, $claim: VerifyResidentInput!) {
        staff(nip: $nip) { name assignments { kind placeName } }
        verifyResident(input: $claim) { nikFound }
      }`,
      { nip: person.nip, claim: { nik: resident.nik, name: resident.name, birthDate: resident.birthDate } },
      { token: supervisor },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.verifyResident.nikFound).toBe(true);
    expect(res.body.data.staff.assignments.map((a: { kind: string }) => a.kind)).toContain('HEALTH');

    const root = await collector.waitFor((span) => span.name === 'query AllFour');
    const agencies = ['BKD', 'DISDIK', 'DINKES', 'DISDUKCAPIL'];
    // Spans arrive in batches: wait until one per agency is in.
    await Promise.all(agencies.map((agency) => collector.waitFor((span) => span.traceId === root.traceId && span.name.startsWith(`source ${agency} `))));
    const sourceSpans = collector.spans.filter((span) => span.traceId === root.traceId && span.name.startsWith('source '));
    expect(new Set(sourceSpans.map((span) => span.name.split(' ')[1]))).toEqual(new Set(agencies));
    expect(sourceSpans.every((span) => span.parentSpanId === root.spanId)).toBe(true);
    expect(sourceSpans.every((span) => agencies.includes(String(span.attributes['sepucuk.agency'])))).toBe(true);
    expect(root.parentSpanId).toBe('');

    // Every call the HTTP stand-ins received for this query carried the trace on, each under its own span.
    for (const { agency, calls } of httpStandIns) {
      const received = calls.withHeaders();
      expect(received.length, `${agency} received no call`).toBeGreaterThan(0);
      for (const { path, headers } of received) {
        const parent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(headers['traceparent'] ?? '');
        expect(parent?.[1], `${agency} ${path}`).toBe(root.traceId);
        expect(sourceSpans.some((span) => span.spanId === parent?.[2])).toBe(true);
      }
    }
  });
});
