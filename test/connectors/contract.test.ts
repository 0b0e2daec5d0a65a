/**
 * The connector contract, one suite run against every agency's connector and its stand-in (as graphql-ws runs one
 * suite against every socket adapter): key order kept, a missing key is an empty answer not an error, a source slower
 * than the budget is TIMEOUT within budget + 300 ms, a source that is down is UNAVAILABLE, failures open the breaker
 * and a recovered source closes it, health() tells up from down, close() is safe twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createBkdConnector } from '../../connectors/bkd/index.js';
import { createDinkesConnector } from '../../connectors/dinkes/index.js';
import { createDisdikConnector } from '../../connectors/disdik/index.js';
import { createDisdukcapilConnector } from '../../connectors/disdukcapil/index.js';
import type { ConnectorDeps } from '../../connectors/kit/deps.js';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import type { SourceConnector } from '../../connectors/types.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { StandInControl } from '../../sandbox/kit/faults.js';
import { practitionersInBkd, teachersInBkd, UNKNOWN_NIP } from '../../sandbox/world/queries.js';
import { ADDED_CONTRACT_CASES } from './added-cases.js';
import type { ContractCase, KeyedRead } from './contract-case.js';

const BUDGET_MS = 600;
const COOLDOWN_MS = 300;
const THRESHOLD = 3;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

const deps = (): ConnectorDeps => ({
  log: pino({ level: 'silent' }),
  observer: SILENT_OBSERVER,
  // No cache: every read in the suite must reach the source.
  cacheTtlMs: 0,
  guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: BUDGET_MS, breakerThreshold: THRESHOLD, breakerCooldownMs: COOLDOWN_MS },
});

const CASES: readonly ContractCase[] = [
  {
    agency: 'BKD',
    connector: (d) => createBkdConnector(sandbox.settings.bkd!, d),
    keyed: (connector) => {
      const [a, b] = sandbox.world.civilServants;
      return {
        read: (nips) => (connector as ReturnType<typeof createBkdConnector>).staff.profiles(nips),
        present: [a!.nip, b!.nip],
        missing: UNKNOWN_NIP,
        belongsTo: (nip, profile) => (profile as { nip: string }).nip === nip,
      };
    },
  },
  {
    agency: 'DISDIK',
    connector: (d) => createDisdikConnector(sandbox.settings.disdik!, d),
    keyed: (connector) => {
      const [a, b] = teachersInBkd(sandbox.world);
      const npsnsOf = (nip: string) => new Set(sandbox.world.teachers.filter((t) => t.nip === nip).map((t) => t.npsn));
      return {
        read: async (nips) => {
          const lists = await (connector as ReturnType<typeof createDisdikConnector>).assignments.assignments(
            nips.map((nip) => ({ nip, nik: null })),
            sandbox.world.schools.map((s) => s.npsn),
          );
          return lists.map((list) => (list.length === 0 ? null : list));
        },
        present: [a!.nip, b!.nip],
        missing: UNKNOWN_NIP,
        belongsTo: (nip, list) => (list as { placeRef: string }[]).every((assignment) => npsnsOf(nip).has(assignment.placeRef)),
      };
    },
  },
  {
    agency: 'DINKES',
    connector: (d) => createDinkesConnector(sandbox.settings.dinkes!, d),
    keyed: (connector) => {
      const [a, b] = practitionersInBkd(sandbox.world);
      const organizationsOf = (nik: string) => new Set(sandbox.world.practitioners.filter((p) => p.nik === nik).flatMap((p) => p.roles.map((r) => r.organizationId)));
      const unknownNik = '1571010101900001';
      return {
        read: async (niks) => {
          const lists = await (connector as ReturnType<typeof createDinkesConnector>).assignments.assignments(
            niks.map((nik, i) => ({ nip: `nip-${i}`, nik })),
            [],
          );
          return lists.map((list) => (list.length === 0 ? null : list));
        },
        present: [a!.nik, b!.nik],
        missing: unknownNik,
        belongsTo: (nik, list) => (list as { placeRef: string }[]).every((assignment) => organizationsOf(nik).has(assignment.placeRef)),
      };
    },
  },
  {
    agency: 'DISDUKCAPIL',
    connector: (d) => createDisdukcapilConnector(sandbox.settings.disdukcapil!, d),
    keyed: (connector) => {
      const [a, b] = sandbox.world.residents;
      const byNik = new Map(sandbox.world.residents.map((r) => [r.nik, r]));
      return {
        // The registry answers one claim at a time; order is the caller's, and still checked.
        read: (niks) =>
          Promise.all(
            niks.map(async (nik) => {
              const resident = byNik.get(nik);
              const answer = await (connector as ReturnType<typeof createDisdukcapilConnector>).residents.verify({
                nik,
                name: resident?.name ?? 'Tidak Dikenal',
                birthDate: resident?.birthDate ?? '1990-01-01',
              });
              return answer.nikFound ? { nik, ...answer } : null;
            }),
          ),
        present: [a!.nik, b!.nik],
        missing: '1571010101900002',
        belongsTo: (nik, answer) => (answer as { nik: string; nameMatches: boolean }).nik === nik && (answer as { nameMatches: boolean }).nameMatches,
      };
    },
  },
  // The connectors added with `npm run new:connector` (connectors/added.ts).
  ...ADDED_CONTRACT_CASES.map((added) => added(() => sandbox)),
];

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure | 'no error'> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    if (error instanceof SourceError) return error.failure;
    throw error;
  }
}

describe.each(CASES)('the $agency connector', (contract) => {
  let connector: SourceConnector;
  let keyed: KeyedRead;
  let standIn: StandInControl;
  beforeAll(() => {
    standIn = sandbox.standIn(contract.agency);
  });
  afterEach(async () => {
    await connector.close();
    await standIn.clearFaults();
  });
  const fresh = () => {
    connector = contract.connector(deps());
    keyed = contract.keyed(connector);
  };

  it('keeps key order, and answers a missing key with null', async () => {
    fresh();
    const [a, b] = keyed.present;
    const answers = await keyed.read([b, keyed.missing, a]);
    expect(answers).toHaveLength(3);
    expect(answers[1]).toBeNull();
    expect(keyed.belongsTo(b, answers[0])).toBe(true);
    expect(keyed.belongsTo(a, answers[2])).toBe(true);
  });

  it('fails a call slower than the budget with TIMEOUT, within the budget + 300 ms', async () => {
    fresh();
    await standIn.setFaults({ latencyMs: 5_000 });
    const startedAt = performance.now();
    expect(await failureOf(keyed.read([keyed.present[0]]))).toBe('TIMEOUT');
    expect(performance.now() - startedAt).toBeLessThan(BUDGET_MS + 300);
  });

  it('fails with UNAVAILABLE while the source is down, and works again when it is back', async () => {
    fresh();
    await standIn.setFaults({ mode: 'down' });
    expect(await failureOf(keyed.read([keyed.present[0]]))).toBe('UNAVAILABLE');
    await expect(connector.health()).rejects.toBeInstanceOf(SourceError);
    await standIn.clearFaults();
    // A read that fans out (Dapodik: one call per school) may have opened the breaker: recovery includes its cool-down.
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect((await keyed.read([keyed.present[0]]))[0]).not.toBeNull();
    await connector.health();
  });

  it('reports its own errors as UNAVAILABLE and broken payloads as MALFORMED, never crashing', async () => {
    fresh();
    await standIn.setFaults({ mode: 'fail' });
    expect(await failureOf(keyed.read([keyed.present[0]]))).toBe('UNAVAILABLE');
    // A fresh connector: the failures above may have opened this one's breaker.
    await connector.close();
    fresh();
    await standIn.setFaults({ mode: 'malformed' });
    expect(await failureOf(keyed.read([keyed.present[0]]))).toBe('MALFORMED');
  });

  it('opens its breaker after consecutive failures, refuses calls while open, and closes once the source answers again', async () => {
    fresh();
    await standIn.setFaults({ mode: 'down' });
    for (let i = 0; i < THRESHOLD; i++) await failureOf(keyed.read([keyed.present[0]]));
    expect(connector.status()).toMatchObject({ breaker: 'OPEN', healthy: false });
    expect(await failureOf(keyed.read([keyed.present[0]]))).toBe('BREAKER_OPEN');
    await standIn.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect((await keyed.read([keyed.present[0]]))[0]).not.toBeNull();
    expect(connector.status()).toMatchObject({ breaker: 'CLOSED', healthy: true });
    expect(connector.status().lastSuccessAt).toBeInstanceOf(Date);
  });

  it('names itself without credentials, and closes twice safely', async () => {
    fresh();
    expect(connector.agency).toBe(contract.agency);
    expect(connector.endpoint).not.toMatch(/secret|password|token|sandbox-siak-reader/i);
    await connector.close();
    await connector.close();
  });
});
