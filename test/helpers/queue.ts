/**
 * Queue operations as clients send them, for tests.
 */
import { expect } from 'vitest';
import type { TestHub } from './hub.js';

export const TICKET_FIELDS = 'id code number status priority position peopleAhead estimatedWaitMinutes yourTurn day recallCount counter { code }';

export interface TicketResult {
  id: string;
  code: string;
  number: number;
  status: string;
  priority: string | null;
  position: number | null;
  peopleAhead: number | null;
  estimatedWaitMinutes: number | null;
  yourTurn: boolean;
  day: string;
  recallCount: number;
  counter: { code: string } | null;
  holderToken?: string | null;
}

export interface TakeInput {
  officeCode: string;
  serviceCode: string;
  priority?: string;
  idempotencyKey?: string;
}

export async function counterIds(t: TestHub, officeCode: string): Promise<Record<string, string>> {
  const res = await t.query('query($code: String!) { office(code: $code) { counters { id code } } }', { code: officeCode });
  return Object.fromEntries(res.body.data.office.counters.map((c: { id: string; code: string }) => [c.code, c.id]));
}

export async function takeTicket(t: TestHub, input: TakeInput, token?: string): Promise<TicketResult> {
  const res = await t.query(`mutation($input: TakeTicketInput!) { takeTicket(input: $input) { ${TICKET_FIELDS} holderToken } }`, { input }, { token });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.takeTicket;
}

/** Runs a counter mutation (`callNextTicket`, `startServing`, ...) and returns the whole response. */
export function counterAction(t: TestHub, mutation: string, argument: 'counterId' | 'ticketId', id: string, token: string) {
  return t.query(`mutation($id: ID!) { result: ${mutation}(${argument}: $id) { ${mutation.endsWith('Counter') ? 'code open' : TICKET_FIELDS} } }`, { id }, { token });
}

/** Like counterAction, but expects success and returns the result. */
export async function act(t: TestHub, mutation: string, argument: 'counterId' | 'ticketId', id: string, token: string) {
  const res = await counterAction(t, mutation, argument, id, token);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.result;
}
