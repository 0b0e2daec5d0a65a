/**
 * Complaint operations as clients send them, and what tests count in the database.
 */
import { expect } from 'vitest';
import type { TestHub } from './hub.js';
import type { GraphQLResponse } from './graphql.js';

/** Every field of a complaint, nested relations by code: what the visibility tests compare. */
export const COMPLAINT_FIELDS = `
  trackingCode accessToken kind status anonymous confidential
  agency { code } service { code } office { code }
  title body complainant { name phone email }
  submittedAt verifiedAt respondedAt closedAt verificationDue followUpDue overdue overdueStage
  responses { at agency { code } body }
  history { kind at agency { code } toAgency { code } note }`;

export interface ComplaintResult {
  trackingCode: string;
  accessToken: string | null;
  kind: string;
  status: string;
  anonymous: boolean;
  confidential: boolean;
  agency: { code: string };
  service: { code: string } | null;
  office: { code: string } | null;
  title: string | null;
  body: string | null;
  complainant: { name: string | null; phone: string | null; email: string | null } | null;
  submittedAt: string;
  verifiedAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  verificationDue: string;
  followUpDue: string | null;
  overdue: boolean;
  overdueStage: string | null;
  responses: { at: string; agency: { code: string }; body: string }[];
  history: { kind: string; at: string; agency: { code: string }; toAgency: { code: string } | null; note: string | null }[];
}

export const SUBMIT = `mutation Submit($input: ComplaintInput!) { submitComplaint(input: $input) { ${COMPLAINT_FIELDS} } }`;
export const READ = `query Read($code: String!, $token: String) { complaint(trackingCode: $code, accessToken: $token) { ${COMPLAINT_FIELDS} } }`;

/** A valid complaint about a Disdukcapil service; override what a test is about. */
export function complaintInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'PENGADUAN',
    agency: 'DISDUKCAPIL',
    serviceCode: 'DUK-KTP-EL',
    officeCode: 'DUKCAPIL-KOTA-JAMBI',
    title: 'KTP-el belum jadi',
    body: 'Sudah tiga bulan sejak perekaman, KTP-el saya belum juga dicetak.',
    contact: { name: 'Siti Aminah', phone: '081234567890', email: 'siti@example.id' },
    ...overrides,
  };
}

export function submitRaw(t: TestHub, input: Record<string, unknown>, token?: string): Promise<GraphQLResponse<{ submitComplaint: ComplaintResult }>> {
  return t.query(SUBMIT, { input }, { token });
}

/** Files a complaint that must be accepted. */
export async function submit(t: TestHub, overrides: Record<string, unknown> = {}, token?: string): Promise<ComplaintResult> {
  const res = await submitRaw(t, complaintInput(overrides), token);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.submitComplaint as ComplaintResult;
}

export function readRaw(t: TestHub, code: string, options: { token?: string; accessToken?: string } = {}): Promise<GraphQLResponse<{ complaint: ComplaintResult | null }>> {
  return t.query(READ, { code, token: options.accessToken ?? null }, { token: options.token });
}

/** Reads a complaint that must be readable. */
export async function read(t: TestHub, code: string, options: { token?: string; accessToken?: string } = {}): Promise<ComplaintResult> {
  const res = await readRaw(t, code, options);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.complaint as ComplaintResult;
}

const STEPS = {
  verify: `mutation Verify($code: String!, $note: String) { verifyComplaint(trackingCode: $code, note: $note) { ${COMPLAINT_FIELDS} } }`,
  reassign: `mutation Reassign($code: String!, $agency: AgencyCode!, $reason: String!) { reassignComplaint(trackingCode: $code, agency: $agency, reason: $reason) { ${COMPLAINT_FIELDS} } }`,
  respond: `mutation Respond($code: String!, $body: String!) { respondToComplaint(trackingCode: $code, input: { body: $body }) { ${COMPLAINT_FIELDS} } }`,
  close: `mutation Close($code: String!, $note: String) { closeComplaint(trackingCode: $code, note: $note) { ${COMPLAINT_FIELDS} } }`,
} as const;
const STEP_FIELDS = { verify: 'verifyComplaint', reassign: 'reassignComplaint', respond: 'respondToComplaint', close: 'closeComplaint' } as const;

export type Step = keyof typeof STEPS;

export function stepRaw(t: TestHub, step: Step, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse> {
  return t.query(STEPS[step], variables, { token });
}

/** A step that must succeed; returns the complaint as the actor sees it afterwards. */
export async function takeStep(t: TestHub, step: Step, variables: Record<string, unknown>, token: string): Promise<ComplaintResult> {
  const res = await stepRaw(t, step, variables, token);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as Record<string, ComplaintResult>)[STEP_FIELDS[step]] as ComplaintResult;
}

/** Row counts of the complaint tables: equal counts before and after a refused request mean nothing was written. */
export async function complaintRows(t: TestHub): Promise<Record<string, number>> {
  const knex = t.hub.database.knex;
  const counts: Record<string, number> = {};
  for (const table of ['complaint', 'complaint_event', 'complaint_response']) {
    const [row] = await knex(table).count<{ count: number }[]>('* as count');
    counts[table] = Number(row?.count);
  }
  return counts;
}

/** Audit entries about one subject (a tracking code, a date) with an action, e.g. `complaint.complainant`. */
export async function auditCount(t: TestHub, action: string, subject: string, outcome = 'ok'): Promise<number> {
  const [row] = await t.hub.database.knex('audit_log').where({ action, subject, outcome }).count<{ count: number }[]>('* as count');
  return Number(row?.count);
}

/** Resolves once the hub holds `count` active subscriptions (its own gauge), checked every few milliseconds. */
export async function untilSubscriptions(t: TestHub, count: number): Promise<void> {
  const metric = t.hub.metrics.registry.getSingleMetric('sepucuk_subscriptions_active');
  if (metric === undefined) throw new Error('no sepucuk_subscriptions_active metric');
  for (let waited = 0; waited < 5_000; waited += 10) {
    const { values } = await metric.get();
    if (values[0]?.value === count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the hub did not reach ${count} active subscriptions`);
}
