/**
 * {{NAME}}'s connector ({{CODE}}) against its stand-in: the catalog across pages, units by code in the caller's order,
 * and each way the system fails turned into the right SourceError. The resilience every connector shares (timeouts,
 * outages, the breaker) is checked by the contract suite (./contract.test.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { create{{Code}}Connector, type {{Code}}Connector } from '../../connectors/{{code}}/index.js';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import { SAMPLE_SERVICES, SAMPLE_UNITS } from '../../sandbox/{{code}}/data.js';
import { start{{Code}}StandIn, type {{Code}}StandIn } from '../../sandbox/{{code}}/stand-in.js';

/** Two units a page, so that the three sample units take two calls. */
const PAGE_SIZE = 2;

let standIn: {{Code}}StandIn;
const opened: {{Code}}Connector[] = [];

function connect(options: { token?: string; cacheTtlMs?: number } = {}): {{Code}}Connector {
  const connector = create{{Code}}Connector(
    { url: standIn.url, token: options.token ?? standIn.token },
    { log: pino({ level: 'silent' }), guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 1_000, breakerCooldownMs: 200 }, observer: SILENT_OBSERVER, cacheTtlMs: options.cacheTtlMs ?? 30_000 },
  );
  opened.push(connector);
  return connector;
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error: unknown = await promise.then(
    () => new Error('expected a SourceError, the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw error;
  expect(error.agency).toBe('{{CODE}}');
  return error.failure;
}

beforeAll(async () => {
  standIn = await start{{Code}}StandIn({ pageSize: PAGE_SIZE });
});

beforeEach(async () => {
  for (const connector of opened.splice(0)) await connector.close();
  await standIn.clearFaults();
  standIn.calls.reset();
});

afterAll(async () => {
  for (const connector of opened.splice(0)) await connector.close();
  await standIn.stop();
});

describe('the {{CODE}} catalog', () => {
  it('reads every unit across pages and every service, under hub codes', async () => {
    const catalog = await connect().catalog.fetchCatalog([]);
    expect(catalog.offices.map((office) => office.ref)).toEqual(SAMPLE_UNITS.map((unit) => unit.kode_unit));
    expect(catalog.offices[0]).toMatchObject({ code: `{{CODE}}-${SAMPLE_UNITS[0]!.kode_unit}`, kind: 'AGENCY_OFFICE', regencyCode: SAMPLE_UNITS[0]!.kode_wilayah });
    expect(catalog.services.map((service) => service.code)).toEqual(SAMPLE_SERVICES.map((service) => `{{CODE}}-${service.kode_layanan}`));
    // Two pages of units, one service list.
    expect(standIn.calls.count('/api/v1/unit-layanan?')).toBe(2);
    expect(standIn.calls.count('/api/v1/layanan')).toBe(1);
  });

  it('keeps what the system does not publish as null, so that the hub keeps its own', async () => {
    const catalog = await connect().catalog.fetchCatalog([]);
    const unpublished = catalog.services.find((service) => service.requirements === null);
    expect(unpublished).toMatchObject({ procedure: null, timeLimit: null, feeRupiah: null, legalBasis: null });
  });
});

describe('{{CODE}} units by code', () => {
  it('answers in the caller\'s order, null for an unknown code, one call per distinct code', async () => {
    const [a, b] = SAMPLE_UNITS.map((unit) => unit.kode_unit);
    const answers = await connect().units.units([b!, 'TIDAK-ADA', a!, b!]);
    expect(answers.map((office) => office?.ref ?? null)).toEqual([b, null, a, b]);
    expect(standIn.calls.count('/api/v1/unit-layanan/')).toBe(3);
  });

  it('reuses answers within the cache lifetime', async () => {
    const connector = connect();
    const ref = SAMPLE_UNITS[0]!.kode_unit;
    await connector.units.units([ref]);
    await connector.units.units([ref]);
    expect(standIn.calls.count('/api/v1/unit-layanan/')).toBe(1);
  });
});

describe('{{CODE}} failures', () => {
  it('turns the system\'s error envelope, even with HTTP 200, into UNAVAILABLE', async () => {
    await standIn.setFaults({ mode: 'fail' });
    expect(await failureOf(connect().catalog.fetchCatalog([]))).toBe('UNAVAILABLE');
  });

  it('turns rows that break the contract into MALFORMED, naming the field', async () => {
    await standIn.setFaults({ mode: 'malformed' });
    const error: unknown = await connect().units.units([SAMPLE_UNITS[0]!.kode_unit]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).failure).toBe('MALFORMED');
    expect((error as SourceError).message).toMatch(/data\.kode_unit/);
  });

  it('reports a refused token as DENIED, without retrying it', async () => {
    expect(await failureOf(connect({ token: 'wrong' }).health())).toBe('DENIED');
    expect(standIn.calls.count()).toBe(1);
  });

  it('answers health() from a cheap probe, and names its endpoint without the token', async () => {
    const connector = connect();
    await connector.health();
    expect(connector.status().healthy).toBe(true);
    expect(connector.endpoint).not.toContain(standIn.token);
  });
});
