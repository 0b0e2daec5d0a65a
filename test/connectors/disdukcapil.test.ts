import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import pg from 'pg';
import { pino } from 'pino';
import { createDisdukcapilConnector } from '../../connectors/disdukcapil/index.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import type { DisdukcapilConnector, ResidentClaim } from '../../connectors/types.js';
import { startDisdukcapilStandIn, type DisdukcapilStandIn } from '../../sandbox/disdukcapil/stand-in.js';
import { demoWorld } from '../../sandbox/world/generate.js';
import { OFFICES, PERSONAL_VALUES, RESIDENTS, SERVICES, UNKNOWN_NIK, registryWorld, testDeps } from './disdukcapil-fixtures.js';

/** The failure a promise rejects with (and that it is a SourceError of Disdukcapil's). */
async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).agency).toBe('DISDUKCAPIL');
  return (error as SourceError).failure;
}

const claimOf = (person: { nik: string; name: string; birthDate: string }): ResidentClaim => ({
  nik: person.nik,
  name: person.name,
  birthDate: person.birthDate,
});

const VERIFY_STATEMENT = 'select nik_ditemukan';

describe('Disdukcapil connector against the civil-registry database stand-in', () => {
  let standIn: DisdukcapilStandIn;
  let connectors: DisdukcapilConnector[] = [];

  /** A fresh connector (own pool, cache and breaker) on the stand-in. */
  function connect(overrides: { password?: string; cacheTtlMs?: number; log?: pino.Logger } = {}): DisdukcapilConnector {
    const url = new URL(standIn.url);
    if (overrides.password !== undefined) url.password = overrides.password;
    const { password: _password, ...deps } = overrides;
    const connector = createDisdukcapilConnector({ databaseUrl: url.toString() }, testDeps(deps));
    connectors.push(connector);
    return connector;
  }

  beforeAll(async () => {
    standIn = await startDisdukcapilStandIn({ world: registryWorld() });
  });

  afterEach(async () => {
    // Each test's connectors go at its end: PGlite's socket server takes ten connections at most.
    await Promise.all(connectors.map((connector) => connector.close()));
    connectors = [];
    await standIn.clearFaults();
    standIn.calls.reset();
  });

  afterAll(async () => {
    await standIn?.stop();
  });

  describe('catalog', () => {
    it('maps the active offices and service standards, with codes, jsonb lists and the Rp0 fee', async () => {
      const catalog = await connect().catalog.fetchCatalog([]);
      expect(catalog.offices).toEqual([
        {
          ref: 'KOTA-JAMBI',
          code: 'DUKCAPIL-KOTA-JAMBI',
          name: OFFICES[0]!.name,
          kind: 'CIVIL_REGISTRY_OFFICE',
          address: OFFICES[0]!.address,
          regencyCode: '1571',
          serviceRefs: ['AKTA-LAHIR', 'KK', 'KTP-EL'],
        },
        {
          ref: 'MUARO-JAMBI',
          code: 'DUKCAPIL-MUARO-JAMBI',
          name: OFFICES[1]!.name,
          kind: 'CIVIL_REGISTRY_OFFICE',
          address: OFFICES[1]!.address,
          regencyCode: '1505',
          serviceRefs: ['KK', 'KTP-EL'],
        },
      ]);
      expect(catalog.services.map((service) => service.code)).toEqual(['DUK-AKTA-LAHIR', 'DUK-KK', 'DUK-KTP-EL']);
      const ktp = catalog.services.find((service) => service.ref === 'KTP-EL');
      const fixture = SERVICES.find((service) => service.code === 'KTP-EL')!;
      expect(ktp).toEqual({
        ref: 'KTP-EL',
        code: 'DUK-KTP-EL',
        name: fixture.name,
        description: fixture.description,
        requirements: fixture.requirements,
        procedure: fixture.procedure,
        timeLimit: fixture.timeLimit,
        feeRupiah: 0,
        legalBasis: fixture.legalBasis,
      });
    });

    it('leaves out the retired service and the closed office the tables still hold', async () => {
      const catalog = await connect().catalog.fetchCatalog([]);
      expect(catalog.services.map((service) => service.ref)).not.toContain('KTP-NON-EL');
      expect(catalog.offices.map((office) => office.ref)).not.toContain('PASAR-JAMBI');
      expect(catalog.offices.flatMap((office) => office.serviceRefs)).not.toContain('KTP-NON-EL');
    });

    it('costs two statements on a warm connection, and is read afresh each time', async () => {
      const connector = connect();
      await connector.health();
      standIn.calls.reset();
      await connector.catalog.fetchCatalog([]);
      expect(standIn.calls.count()).toBe(2);
      await connector.catalog.fetchCatalog(['KOTA-JAMBI']);
      expect(standIn.calls.count()).toBe(4);
    });
  });

  describe('resident verification', () => {
    it('answers match on every field for the registered name and birth date', async () => {
      await expect(connect().residents.verify(claimOf(RESIDENTS.rizki))).resolves.toEqual({ nikFound: true, nameMatches: true, birthDateMatches: true });
    });

    it('matches names that differ only in case, spacing and punctuation', async () => {
      const connector = connect();
      const variants: [person: { nik: string; birthDate: string }, name: string][] = [
        [RESIDENTS.rizki, '  muhammad   RIZKI saputra '],
        [RESIDENTS.nuraini, 'Siti Nuraini'],
        [RESIDENTS.nuraini, 'SITI NUR’AINI'],
        [RESIDENTS.hasan, 'Drs H Hasan Basri M.Si'],
      ];
      for (const [person, name] of variants) {
        await expect(connector.residents.verify({ nik: person.nik, name, birthDate: person.birthDate }), name).resolves.toEqual({
          nikFound: true,
          nameMatches: true,
          birthDateMatches: true,
        });
      }
    });

    it('says which field does not match', async () => {
      const connector = connect();
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), birthDate: '1985-01-02' })).resolves.toEqual({
        nikFound: true,
        nameMatches: true,
        birthDateMatches: false,
      });
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), name: 'Muhammad Rizal Saputra' })).resolves.toEqual({
        nikFound: true,
        nameMatches: false,
        birthDateMatches: true,
      });
    });

    it('answers nikFound false and null matches for an unknown NIK', async () => {
      await expect(connect().residents.verify({ ...claimOf(RESIDENTS.rizki), nik: UNKNOWN_NIK })).resolves.toEqual({
        nikFound: false,
        nameMatches: null,
        birthDateMatches: null,
      });
    });

    it('answers no match, without failing, for claims the hub should have refused', async () => {
      const connector = connect();
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), birthDate: '1985-02-30' })).resolves.toEqual({
        nikFound: true,
        nameMatches: true,
        birthDateMatches: false,
      });
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), birthDate: '01-01-1985' })).resolves.toMatchObject({ birthDateMatches: false });
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), name: 'Muhammad\u0000Rizki' })).resolves.toMatchObject({ nameMatches: false });
      await expect(connector.residents.verify({ ...claimOf(RESIDENTS.rizki), nik: '157101' })).resolves.toMatchObject({ nikFound: false });
      expect(connector.status().healthy).toBe(true);
    });

    it('sends the claim as bound parameters: SQL in it is only text that does not match', async () => {
      const connector = connect();
      const rizki = claimOf(RESIDENTS.rizki);
      const attempts: ResidentClaim[] = [
        { ...rizki, name: "x' or '1'='1" },
        { ...rizki, name: "'); drop table siak.penduduk; --" },
        { ...rizki, name: "$$; update siak.penduduk set nama_lengkap = 'x'; --" },
        { ...rizki, nik: `${rizki.nik}' or '1'='1` },
        { ...rizki, nik: "' or 1=1 --" },
        { ...rizki, birthDate: "1985-01-01' or '1'='1" },
      ];
      const answers = await Promise.all(attempts.map((claim) => connector.residents.verify(claim)));
      expect(answers).toEqual([
        { nikFound: true, nameMatches: false, birthDateMatches: true },
        { nikFound: true, nameMatches: false, birthDateMatches: true },
        { nikFound: true, nameMatches: false, birthDateMatches: true },
        { nikFound: false, nameMatches: null, birthDateMatches: null },
        { nikFound: false, nameMatches: null, birthDateMatches: null },
        { nikFound: true, nameMatches: true, birthDateMatches: false },
      ]);
      // The data is intact, and no statement text carried any part of a claim.
      await expect(connect().residents.verify(rizki)).resolves.toEqual({ nikFound: true, nameMatches: true, birthDateMatches: true });
      expect(standIn.calls.paths().filter((sql) => sql.includes(rizki.nik) || sql.includes('drop table'))).toEqual([]);
    });

    it('reuses an answer within the TTL and shares one statement between identical concurrent claims', async () => {
      const connector = connect();
      await connector.residents.verify(claimOf(RESIDENTS.rizki));
      await connector.residents.verify(claimOf(RESIDENTS.rizki));
      expect(standIn.calls.count(VERIFY_STATEMENT)).toBe(1);
      const [first, second] = await Promise.all([connector.residents.verify(claimOf(RESIDENTS.hasan)), connector.residents.verify(claimOf(RESIDENTS.hasan))]);
      expect(first).toEqual(second);
      expect(standIn.calls.count(VERIFY_STATEMENT)).toBe(2);
    });

    it('asks again when caching is off', async () => {
      const connector = connect({ cacheTtlMs: 0 });
      await connector.residents.verify(claimOf(RESIDENTS.nuraini));
      await connector.residents.verify(claimOf(RESIDENTS.nuraini));
      expect(standIn.calls.count(VERIFY_STATEMENT)).toBe(2);
    });

    it('never writes a NIK, name, birth date or phone number to the log, in success or failure', async () => {
      const lines: string[] = [];
      const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
      const connector = connect({ log, cacheTtlMs: 0 });
      await connector.residents.verify(claimOf(RESIDENTS.nuraini));
      for (const mode of ['malformed', 'fail', 'deny'] as const) {
        await standIn.setFaults({ mode });
        await failureOf(connector.residents.verify(claimOf(RESIDENTS.nuraini)));
        await failureOf(connect({ log, cacheTtlMs: 0 }).residents.verify({ ...claimOf(RESIDENTS.hasan), birthDate: '1962-13-45' }));
      }
      expect(lines.length).toBeGreaterThan(0);
      const leaked = PERSONAL_VALUES.filter((value) => lines.some((line) => line.includes(value)));
      expect(leaked).toEqual([]);
    });
  });

  describe('the reader role', () => {
    it('reads the integration views but cannot write, nor read the population table', async () => {
      const client = new pg.Client({ connectionString: standIn.url });
      client.on('error', () => {});
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>('select count(*)::int as n from layanan where aktif');
        expect(rows[0]?.n).toBe(SERVICES.length);
        const refused = [
          "insert into layanan (kode_layanan, nama_layanan) values ('CURANG', 'Layanan palsu')",
          'update upt set aktif = false',
          'delete from upt_layanan',
          'select nik, nama_lengkap from siak.penduduk',
          'create table curian (nik text)',
        ];
        for (const sql of refused) {
          await expect(client.query(sql), sql).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|25006|55000)$/) });
        }
      } finally {
        await client.end();
      }
    });

    it('refuses a wrong password with 28P01, which the connector reports as DENIED', async () => {
      const connector = connect({ password: 'not-the-password' });
      expect(await failureOf(connector.health())).toBe('DENIED');
      const client = new pg.Client({ connectionString: standIn.url.replace(standIn.password, 'not-the-password') });
      client.on('error', () => {});
      await expect(client.connect()).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "siak_reader"' });
    });
  });

  describe('faults', () => {
    it('fail: SQL errors from the views and the function are UNAVAILABLE', async () => {
      await standIn.setFaults({ mode: 'fail' });
      expect(await failureOf(connect().catalog.fetchCatalog([]))).toBe('UNAVAILABLE');
      expect(await failureOf(connect().residents.verify(claimOf(RESIDENTS.rizki)))).toBe('UNAVAILABLE');
      await connect().health();
    });

    it('fail narrowed by pathPrefix breaks only the objects it names', async () => {
      await standIn.setFaults({ mode: 'fail', pathPrefix: 'verifikasi' });
      await expect(connect().catalog.fetchCatalog([])).resolves.toMatchObject({ offices: expect.any(Array) });
      expect(await failureOf(connect().residents.verify(claimOf(RESIDENTS.rizki)))).toBe('UNAVAILABLE');
    });

    it('malformed: rows that break the contract are MALFORMED, naming the field', async () => {
      await standIn.setFaults({ mode: 'malformed', pathPrefix: 'layanan' });
      const error = await connect()
        .catalog.fetchCatalog([])
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: 'MALFORMED', message: expect.stringContaining('nama_layanan') });
      await standIn.setFaults({ mode: 'malformed', pathPrefix: null });
      expect(await failureOf(connect().catalog.fetchCatalog([]))).toBe('MALFORMED');
      expect(await failureOf(connect().residents.verify(claimOf(RESIDENTS.rizki)))).toBe('MALFORMED');
    });

    it('deny: a refused login is DENIED and does not open the breaker', async () => {
      const connector = connect();
      await connector.health();
      await standIn.setFaults({ mode: 'deny' });
      for (let i = 0; i < 6; i++) expect(await failureOf(connector.catalog.fetchCatalog([]))).toBe('DENIED');
      expect(connector.status()).toMatchObject({ breaker: 'CLOSED', lastFailure: 'DENIED', healthy: false });
    });

    it('down: refused and reset connections are UNAVAILABLE, and the pool reconnects after clearFaults', async () => {
      const connector = connect();
      await connector.health();
      await standIn.setFaults({ mode: 'down' });
      expect(await failureOf(connector.catalog.fetchCatalog([]))).toBe('UNAVAILABLE');
      expect(connector.status()).toMatchObject({ lastFailure: 'UNAVAILABLE', healthy: false });
      await standIn.clearFaults();
      await expect(connector.catalog.fetchCatalog([])).resolves.toMatchObject({ services: expect.any(Array) });
      expect(connector.status().healthy).toBe(true);
    });

    it('latency beyond the budget: TIMEOUT within the budget, and the next call after recovery succeeds', async () => {
      const connector = connect();
      await connector.health();
      await standIn.setFaults({ latencyMs: 1_500 });
      const startedAt = performance.now();
      expect(await failureOf(connector.catalog.fetchCatalog([]))).toBe('TIMEOUT');
      expect(performance.now() - startedAt).toBeLessThan(500 + 300);
      await standIn.clearFaults();
      await expect(connector.residents.verify(claimOf(RESIDENTS.nuraini))).resolves.toMatchObject({ nikFound: true });
    });

    it('latency within the budget is only slower', async () => {
      const connector = connect();
      await connector.health();
      await standIn.setFaults({ latencyMs: 100 });
      const startedAt = performance.now();
      await expect(connector.residents.verify(claimOf(RESIDENTS.hasan))).resolves.toEqual({ nikFound: true, nameMatches: true, birthDateMatches: true });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(95);
    });
  });

  describe('lifecycle', () => {
    it('describes itself without credentials', () => {
      const connector = connect();
      expect(connector).toMatchObject({ agency: 'DISDUKCAPIL', system: 'SIAK (Disdukcapil database, read-only)', protocol: 'SQL' });
      expect(connector.endpoint).toBe(`postgres://127.0.0.1:${standIn.port}/postgres`);
      expect(connector.endpoint).not.toContain(standIn.password);
    });

    it('health makes one cheap statement', async () => {
      const connector = connect();
      await connector.health();
      standIn.calls.reset();
      await connector.health();
      expect(standIn.calls.paths()).toEqual(['select 1 as ok']);
    });

    it('close is safe twice, and a closed connector answers UNAVAILABLE', async () => {
      const connector = connect();
      await connector.health();
      await connector.close();
      await connector.close();
      expect(await failureOf(connector.health())).toBe('UNAVAILABLE');
    });
  });
});

describe('the civil-registry stand-in on the demo world', () => {
  let standIn: DisdukcapilStandIn;
  let connector: DisdukcapilConnector;

  beforeAll(async () => {
    standIn = await startDisdukcapilStandIn({ world: demoWorld() });
    connector = createDisdukcapilConnector({ databaseUrl: standIn.url }, testDeps());
  });

  afterAll(async () => {
    await connector?.close();
    await standIn?.stop();
  });

  it('publishes every registry office, the one the hub does not know yet included, with Rp0 services', async () => {
    const world = demoWorld();
    const catalog = await connector.catalog.fetchCatalog([]);
    expect(catalog.offices.map((office) => office.code).sort()).toEqual(world.registryOffices.map((office) => `DUKCAPIL-${office.code}`).sort());
    expect(catalog.offices.find((office) => office.ref === 'ALAM-BARAJO')).toMatchObject({
      code: 'DUKCAPIL-ALAM-BARAJO',
      kind: 'CIVIL_REGISTRY_OFFICE',
      regencyCode: '1571',
      serviceRefs: ['KK', 'KTP-EL'],
    });
    expect(catalog.services.map((service) => service.ref).sort()).toEqual(world.registryServices.map((service) => service.code).sort());
    expect(catalog.services.every((service) => service.feeRupiah === 0 && (service.requirements?.length ?? 0) > 0)).toBe(true);
  });

  it('verifies the demo residents', async () => {
    const residents = demoWorld().residents;
    const sample = [residents[0]!, residents[Math.floor(residents.length / 2)]!, residents[residents.length - 1]!];
    for (const person of sample) {
      await expect(connector.residents.verify(claimOf(person))).resolves.toEqual({ nikFound: true, nameMatches: true, birthDateMatches: true });
    }
  });
});
