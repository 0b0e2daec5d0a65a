/**
 * The example operations under examples/: every one is valid against the schema, comes out of codegen as a typed
 * document that is its persisted text, and runs against a demo hub that accepts nothing else
 * (PERSISTED_OPERATIONS=require), in the scripted session of test/fixtures/example-session.ts: queries and mutations
 * over HTTP answer without errors, subscriptions over graphql-ws deliver an event after the mutation that causes it.
 * An operation added under examples/ without a step in the session fails here.
 */
import { parse, print, validate, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistedOperations } from '../src/operations/persisted.js';
import { projectPath } from '../src/project-root.js';
import { createSchema } from '../src/schema.js';
import * as generated from '../src/generated/operations.js';
import { SESSION, SESSION_START, operationName, type Caller, type RunStep, type SessionState, type SubscribeStep } from './fixtures/example-session.js';
import { TestClock } from './helpers/clock.js';
import { connectWs, errorCodes, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

const schema = createSchema();
const persisted = PersistedOperations.fromDirectory(projectPath('examples'), schema);
const generatedDocuments = Object.entries(generated)
  .filter((entry): entry is [string, DocumentNode] => entry[0].endsWith('Document'))
  .map(([, document]) => document);
/** How long a subscription may take to deliver an awaited event before the step fails. */
const EVENT_TIMEOUT_MS = 5_000;

const who = (caller: Caller): string => {
  if (caller.role === 'PUBLIC') return 'no token';
  return caller.agency === undefined ? caller.role : `${caller.role} of ${caller.agency}`;
};

describe('the example operations', () => {
  it('are each valid against the schema, with the fragments they use', () => {
    expect(persisted.size).toBeGreaterThan(0);
    for (const operation of persisted.operations) {
      const errors = validate(schema, parse(operation.text)).map((error) => error.message);
      expect({ operation: `${operation.file}: ${operation.name}`, errors }).toEqual({ operation: `${operation.file}: ${operation.name}`, errors: [] });
    }
  });

  it('each have a step in the session, with a caller and variables', () => {
    const inSession = new Set(SESSION.map((step) => step.operation));
    const missing = persisted.operations.filter((o) => !inSession.has(o.name)).map((o) => `${o.file}: ${o.name}`);
    expect(missing, 'operations under examples/ with no step in test/fixtures/example-session.ts').toEqual([]);
  });

  it('come out of codegen as typed documents whose text is their persisted operation', () => {
    // `npm run codegen:check` keeps src/generated/operations.ts in step with examples/; this ties it to the allow-list.
    expect(generatedDocuments.map(operationName).sort()).toEqual(persisted.operations.map((o) => o.name).sort());
    for (const document of generatedDocuments) expect({ name: operationName(document), persisted: persisted.includes(parse(print(document)), operationName(document)) }).toEqual({ name: operationName(document), persisted: true });
  });
});

/** One subscription of the session: its messages as they arrive, and a way to wait for one (an event, not a sleep). */
class Watch {
  readonly messages: unknown[] = [];
  /** Set once the event awaited after the step named by `eventAfter` (its first run) has arrived. */
  delivered = false;
  private problem: string | undefined;
  private wake: (() => void)[] = [];

  constructor(
    readonly step: SubscribeStep,
    ws: WsConnection,
    variables: Record<string, unknown>,
  ) {
    ws.client.subscribe(
      { query: print(step.document), variables },
      {
        next: (result: FormattedExecutionResult) => {
          if (result.errors !== undefined) this.problem = `errors: ${JSON.stringify(result.errors)}`;
          else this.messages.push(result.data);
          this.notify();
        },
        error: (error) => {
          this.problem = `failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
          this.notify();
        },
        complete: () => {
          this.problem ??= 'completed';
          this.notify();
        },
      },
    );
  }

  private notify(): void {
    for (const wake of this.wake.splice(0)) wake();
  }

  /** The first message at index `from` or later that `test` accepts; fails on an error, completion or timeout. */
  async waitFor(from: number, test: (data: unknown) => boolean, what: string): Promise<unknown> {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    for (;;) {
      const found = this.messages.slice(from).find(test);
      if (found !== undefined) return found;
      if (this.problem !== undefined) throw new Error(`${this.step.operation} ${this.problem} before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.step.operation} delivered no ${what} within ${EVENT_TIMEOUT_MS} ms (messages: ${JSON.stringify(this.messages)})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

describe('a day at the demo hub, told with the example operations only', () => {
  const clock = new TestClock(SESSION_START);
  let t: TestHub;
  let state: SessionState;
  const sockets: WsConnection[] = [];
  const watches: Watch[] = [];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    // The demo as `npm start` has it (catalog, holidays, six months of history), seen from the demo world's date, and
    // a hub that refuses anything but the persisted operations: what runs here is what examples/ allows. Unlike
    // `npm start`, no copy of BKD's staff records is made (about 6,000 SIASN calls: test/performance-demo.test.ts pays
    // for that): the views over the copy (performanceSummary, trainingImpact, recognition) answer, with no staff.
    t = await startTestHub({ now: clock.now, env: { SEED_DEMO_HISTORY: 'true', PERSISTED_OPERATIONS: 'require' } });
    // The officer at the console is one the history has serving at the office, so that their figures are not empty.
    const row: { officer_nip: string } | undefined = await t.hub.database
      .knex('survey_response')
      .where({ office_code: 'DUKCAPIL-KOTA-JAMBI', agency_code: 'DISDUKCAPIL' })
      .whereNotNull('officer_nip')
      .first('officer_nip');
    if (row === undefined) throw new Error('the demo history has no officer at DUKCAPIL-KOTA-JAMBI');
    state = { world: t.sandbox.world, officerNip: row.officer_nip, counters: {} };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sockets.map((ws) => ws.dispose()));
    await t?.stop();
  });

  async function tokenFor(caller: Caller): Promise<string | undefined> {
    if (caller.role === 'PUBLIC') return undefined;
    const claims = { role: caller.role, ...(caller.agency === undefined ? {} : { agency: caller.agency }), ...(caller.sessionOfficer ? { nip: state.officerNip } : {}) };
    const key = JSON.stringify(claims);
    let token = tokens.get(key);
    if (token === undefined) {
      token = await t.token(claims);
      tokens.set(key, token);
    }
    return token;
  }

  async function open(step: SubscribeStep): Promise<void> {
    const token = await tokenFor(step.as);
    const ws = connectWs(t.url, token === undefined ? {} : { token });
    sockets.push(ws);
    const before = await activeSubscriptions();
    const watch = new Watch(step, ws, step.variables(state));
    watches.push(watch);
    // Subscribed once the hub says so: its current state, or (for a subscription without one) the hub's own count.
    if (step.sendsCurrentState) await watch.waitFor(0, () => true, 'current state');
    else await untilMoreSubscriptions(before);
  }

  /** The hub's gauge of active subscriptions (subscriptions to one topic may share an entry). */
  async function activeSubscriptions(): Promise<number> {
    const metric = t.hub.metrics.registry.getSingleMetric('sepucuk_subscriptions_active');
    if (metric === undefined) throw new Error('no sepucuk_subscriptions_active metric');
    return (await metric.get()).values[0]?.value ?? 0;
  }

  /** Resolves once the hub counts more active subscriptions than `before`, checked every few milliseconds. */
  async function untilMoreSubscriptions(before: number): Promise<void> {
    for (let waited = 0; waited < EVENT_TIMEOUT_MS; waited += 10) {
      if ((await activeSubscriptions()) > before) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the hub did not count a new subscription within ${EVENT_TIMEOUT_MS} ms`);
  }

  async function send(step: RunStep): Promise<void> {
    const token = await tokenFor(step.as);
    const pending = watches.filter((w) => !w.delivered && w.step.eventAfter === step.operation).map((w) => ({ watch: w, from: w.messages.length }));
    const res = await t.query(print(step.document), step.variables(state), { token });
    if (step.expectedErrors.length > 0) {
      expect(errorCodes(res)).toEqual(step.expectedErrors);
      return;
    }
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(res.body.data).toBeTruthy();
    step.keep(res.body.data, state);
    for (const { watch, from } of pending) {
      await watch.waitFor(from, (data) => watch.step.isEvent(data, state), `event after ${step.operation}`);
      watch.delivered = true;
    }
  }

  for (const [index, step] of SESSION.entries()) {
    it(`${String(index + 1).padStart(2, '0')} ${step.kind === 'subscribe' ? 'subscribes to' : 'sends'} ${step.operation} (${who(step.as)})`, async () => {
      if (step.kind === 'subscribe') await open(step);
      else await send(step);
    });
  }

  it('ends with every subscription\'s event delivered', () => {
    // A subscription whose eventAfter step never ran after it would show nothing of what it is for.
    expect(watches).toHaveLength(SESSION.filter((s) => s.kind === 'subscribe').length);
    expect(watches.filter((w) => !w.delivered).map((w) => `${w.step.operation} (after ${w.step.eventAfter})`)).toEqual([]);
  });
});
