/**
 * Two hub instances on one PostgreSQL behind a round-robin TCP load balancer, as operations run them (see
 * docs/operations.md): clients see one address, and queries, mutations and subscriptions work whichever instance
 * serves them, with no sticky sessions. PostgreSQL only: PGlite is one process's embedded database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { connectWs, graphql, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { TICKET_FIELDS, type TicketResult } from './helpers/queue.js';
import { endpointOf, startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const QUEUE_UPDATED = `subscription($office: String!) { queueUpdated(officeCode: $office) { waiting lastEvent { kind ticket { code } } } }`;
const TAKE = `mutation($input: TakeTicketInput!) { takeTicket(input: $input) { ${TICKET_FIELDS} } }`;

type QueueMessage = { waiting: number; lastEvent: { kind: string; ticket: { code: string } | null } | null };

describe.skipIf(!onRealPostgres)('two hub instances behind a load balancer', () => {
  let database: TestDatabase;
  let a: TestHub;
  let b: TestHub;
  let balancer: TcpProxy;
  let url: string;
  /**
   * A request on a connection of its own: the balancer spreads connections, not requests, and fetch would otherwise
   * keep one connection (so one instance) alive for all of them.
   */
  const ask = (query: string, variables?: Record<string, unknown>) => graphql(url, query, variables, { headers: { connection: 'close' } });

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'hub-a' } });
    b = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'hub-b' } });
    balancer = await startTcpProxy([endpointOf(a.url), endpointOf(b.url)]);
    url = `http://127.0.0.1:${balancer.port}/graphql`;
  });
  afterAll(async () => {
    await balancer?.close();
    await b?.stop();
    await a?.stop();
    await database?.drop();
  });

  it('answers queries from both instances through one address', async () => {
    const answers: { instance: string | null; offices: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await ask('query Offices { offices { code } }');
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      answers.push({ instance: res.headers.get('x-hub-instance'), offices: res.body.data.offices.length });
    }
    expect(new Set(answers.map((answer) => answer.instance))).toEqual(new Set(['hub-a', 'hub-b']));
    // One database: both instances give the same answer.
    expect(new Set(answers.map((answer) => answer.offices)).size).toBe(1);
  });

  it('numbers tickets taken through either instance from one sequence', async () => {
    const taken: { instance: string | null; ticket: TicketResult }[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await ask(TAKE, { input: { officeCode: OFFICE, serviceCode: 'DUK-AKTA-LAHIR' } });
      expect(res.body.errors).toBeUndefined();
      taken.push({ instance: res.headers.get('x-hub-instance'), ticket: res.body.data.takeTicket });
    }
    expect(new Set(taken.map((t) => t.instance))).toEqual(new Set(['hub-a', 'hub-b']));
    const numbers = taken.map((t) => t.ticket.number);
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2, numbers[0]! + 3]);
    // A ticket taken through one instance can be read through the other.
    for (let i = 0; i < 2; i++) {
      const res = await ask('query($id: ID!) { ticket(id: $id) { code status } }', { id: taken[0]!.ticket.id });
      expect(res.body.data.ticket).toEqual({ code: taken[0]!.ticket.code, status: 'WAITING' });
    }
  });

  it('lets a ticket holder cancel through another instance, which checks the token with the key every instance shares', async () => {
    const CANCEL = 'mutation($id: ID!, $token: String!) { cancelTicket(id: $id, holderToken: $token) { status } }';
    const take = await ask(`mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id holderToken } }`, { input: { officeCode: OFFICE, serviceCode: 'DUK-KK' } });
    expect(take.body.errors).toBeUndefined();
    const { id, holderToken } = take.body.data.takeTicket as { id: string; holderToken: string };

    // An instance configured with another TICKET_HOLDER_SECRET (and the same audit key) cannot honour the token:
    // the holder secret, and nothing else, is what instances must share for it.
    const stranger = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'hub-c', TICKET_HOLDER_SECRET: 'another-ticket-holder-secret-of-32-chars' } });
    try {
      const refused = await stranger.query(CANCEL, { id, token: holderToken });
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    } finally {
      await stranger.stop();
    }

    const cancel = await ask(CANCEL, { id, token: holderToken });
    expect(cancel.body.data.cancelTicket).toEqual({ status: 'CANCELLED' });
    expect(cancel.headers.get('x-hub-instance')).not.toBe(take.headers.get('x-hub-instance'));
  });

  it('delivers to a graphql-ws subscriber the changes made through either instance', async () => {
    let ws: WsConnection | undefined;
    try {
      ws = connectWs(url);
      const received: QueueMessage[] = [];
      const failures: unknown[] = [];
      let waiters: { count: number; resolve: () => void }[] = [];
      ws.client.subscribe({ query: QUEUE_UPDATED, variables: { office: OFFICE } }, {
        next: (result: FormattedExecutionResult) => {
          if (result.errors !== undefined) failures.push(result.errors);
          received.push((result.data as { queueUpdated: QueueMessage }).queueUpdated);
          waiters = waiters.filter((w) => (received.length >= w.count ? (w.resolve(), false) : true));
        },
        error: (error) => failures.push(error),
        complete: () => {},
      });
      const until = (count: number) => new Promise<void>((resolve) => (received.length >= count ? resolve() : waiters.push({ count, resolve })));
      await until(1);

      // Two takes on two fresh connections land on the two instances, one after the other: whichever instance holds
      // the subscription, one of the changes was made through the other.
      const takes = [];
      for (let i = 0; i < 2; i++) {
        const res = await ask(TAKE, { input: { officeCode: OFFICE, serviceCode: 'DUK-KK' } });
        expect(res.body.errors).toBeUndefined();
        takes.push({ instance: res.headers.get('x-hub-instance'), code: (res.body.data.takeTicket as TicketResult).code });
      }
      expect(new Set(takes.map((t) => t.instance))).toEqual(new Set(['hub-a', 'hub-b']));

      await until(3);
      expect(received.slice(1).map((m) => m.lastEvent)).toEqual(takes.map((t) => ({ kind: 'TICKET_TAKEN', ticket: { code: t.code } })));
      expect(received[2]!.waiting).toBe(received[0]!.waiting + 2);
      expect(failures).toEqual([]);
    } finally {
      await ws?.dispose();
    }
  });
});
