import { createHash } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from './helpers/clock.js';
import { connectWs, errorCodes, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { ComplaintStore } from '../src/store/complaints.js';
import {
  auditCount,
  complaintInput,
  complaintRows,
  read,
  readRaw,
  stepRaw,
  submit,
  submitRaw,
  takeStep,
  untilSubscriptions,
  type ComplaintResult,
} from './helpers/complaints.js';

/** 10:00 WIB on Tuesday 10 November 2026: no holiday near it. */
const TUESDAY_MORNING = '2026-11-10T03:00:00Z';
const TRACKING_CODE = /^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const ENV = { RATE_LIMIT_COMPLAINTS_PER_MINUTE: '10000' };

interface Tokens {
  citizen: string;
  officer: string;
  supervisor: string;
  agencyAdmin: string;
  provincialAdmin: string;
  analyst: string;
  dinkesOfficer: string;
  dinkesSupervisor: string;
}

async function tokens(t: TestHub): Promise<Tokens> {
  const [citizen, officer, supervisor, agencyAdmin, provincialAdmin, analyst, dinkesOfficer, dinkesSupervisor] = await Promise.all([
    t.token({ role: 'CITIZEN', subject: 'citizen-1' }),
    t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'officer-dukcapil', nip: '198503152010011001' }),
    t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL', subject: 'supervisor-dukcapil' }),
    t.token({ role: 'ADMIN', agency: 'DISDUKCAPIL', subject: 'admin-dukcapil' }),
    t.token({ role: 'ADMIN', subject: 'admin-provinsi' }),
    t.token({ role: 'ANALYST', subject: 'analyst-1' }),
    t.token({ role: 'OFFICER', agency: 'DINKES', subject: 'officer-dinkes' }),
    t.token({ role: 'SUPERVISOR', agency: 'DINKES', subject: 'supervisor-dinkes' }),
  ]);
  return { citizen, officer, supervisor, agencyAdmin, provincialAdmin, analyst, dinkesOfficer, dinkesSupervisor };
}

describe('filing a complaint', () => {
  let t: TestHub;
  const clock = new TestClock(TUESDAY_MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
  });
  afterAll(() => t.stop());

  it('returns a tracking code and, once, an access token whose hash alone is stored', async () => {
    const before = await complaintRows(t);
    const filed = await submit(t, { contact: { name: '  Siti Aminah ', phone: '0812-3456-7890', email: 'siti@example.id' } });
    expect(filed.trackingCode).toMatch(TRACKING_CODE);
    expect(filed.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(filed).toMatchObject({
      status: 'SUBMITTED',
      kind: 'PENGADUAN',
      agency: { code: 'DISDUKCAPIL' },
      service: { code: 'DUK-KTP-EL' },
      office: { code: 'DUKCAPIL-KOTA-JAMBI' },
      anonymous: false,
      confidential: false,
      submittedAt: '2026-11-10T03:00:00.000Z',
      verifiedAt: null,
      // Tuesday 10: Wed 11, Thu 12, Fri 13.
      verificationDue: '2026-11-13T16:59:59.999Z',
      followUpDue: null,
      overdue: false,
      overdueStage: null,
      responses: [],
      // The complainant sees their own contact, trimmed and normalised.
      complainant: { name: 'Siti Aminah', phone: '081234567890', email: 'siti@example.id' },
    });
    expect(filed.history).toEqual([{ kind: 'SUBMITTED', at: '2026-11-10T03:00:00.000Z', agency: { code: 'DISDUKCAPIL' }, toAgency: null, note: null }]);
    expect(await complaintRows(t)).toEqual({ ...before, complaint: before['complaint']! + 1, complaint_event: before['complaint_event']! + 1 });

    const row = await t.hub.database.knex('complaint').where('tracking_code', filed.trackingCode).first();
    expect(row.access_token_hash).toBe(createHash('sha256').update(filed.accessToken as string).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(filed.accessToken);
    expect(await auditCount(t, 'complaint.submit', filed.trackingCode)).toBe(1);

    // Later reads never show the token again.
    expect((await read(t, filed.trackingCode)).accessToken).toBeNull();
    expect((await read(t, filed.trackingCode, { accessToken: filed.accessToken as string })).accessToken).toBeNull();
  });

  it('finds a complaint by its code however it is typed (case, missing dashes, O for 0, I or L for 1)', async () => {
    const filed = await submit(t);
    const typed = filed.trackingCode.toLowerCase().replace(/-/g, '').replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await read(t, typed)).trackingCode).toBe(filed.trackingCode);
    expect((await readRaw(t, 'LPR-UUUU-UUUU')).body.data?.complaint).toBeNull();
    expect((await readRaw(t, 'not a code')).body.data?.complaint).toBeNull();
  });

  it('accepts Indonesian mobile and landline numbers and stores them without separators', async () => {
    for (const [given, stored] of [
      ['+62 812-3456-7890', '+6281234567890'],
      ['0741 123456', '0741123456'],
      ['(0741) 7551234', '07417551234'],
      ['6281234567890', '6281234567890'],
    ]) {
      const filed = await submit(t, { contact: { phone: given } });
      expect(filed.complainant).toEqual({ name: null, phone: stored, email: null });
    }
  });

  it('returns the first complaint when retried with the same idempotency key, and refuses the key for another one', async () => {
    const key = 'complaint-retry-0123456789';
    const before = await complaintRows(t);
    const first = await submit(t, { idempotencyKey: key });
    const retry = await submit(t, { idempotencyKey: key });
    expect(retry.trackingCode).toBe(first.trackingCode);
    // The token is not stored, so a replay cannot repeat it; the replay shows what the caller's role may see.
    expect(retry.accessToken).toBeNull();
    expect(retry.complainant).toBeNull();
    expect((await complaintRows(t))['complaint']).toBe(before['complaint']! + 1);

    const other = await submitRaw(t, complaintInput({ idempotencyKey: key, title: 'Another complaint' }));
    expect(errorCodes(other)).toEqual(['CONFLICT']);
    // Keys are scoped per caller: the same key from a signed-in citizen is theirs alone.
    const citizen = await t.token({ role: 'CITIZEN', subject: 'citizen-key' });
    const own = await submit(t, { idempotencyKey: key }, citizen);
    expect(own.trackingCode).not.toBe(first.trackingCode);
    expect((await complaintRows(t))['complaint']).toBe(before['complaint']! + 2);
  });

  it('files once when two retries with one key arrive together', async () => {
    const key = 'complaint-race-0123456789';
    const before = await complaintRows(t);
    const [a, b] = await Promise.all([submit(t, { idempotencyKey: key }), submit(t, { idempotencyKey: key })]);
    expect(a.trackingCode).toBe(b.trackingCode);
    // Exactly one of them filed it (and got the token).
    expect([a.accessToken, b.accessToken].filter((token) => token !== null)).toHaveLength(1);
    expect((await complaintRows(t))['complaint']).toBe(before['complaint']! + 1);
  });

  it('draws another tracking code when a new one is already taken', async () => {
    const taken = (await submit(t)).trackingCode;
    const codes = [taken, taken, 'LPR-7777-7777'];
    const store = new ComplaintStore(t.hub.database.knex, () => codes.shift() ?? 'LPR-0000-0000');
    const { complaint } = await store.submit({
      draft: { kind: 'ASPIRASI', agencyCode: 'BKD', serviceCode: null, officeCode: null, ticketId: null, title: 'Saran layanan', body: 'Mohon layanan daring.', contact: { name: null, phone: null, email: null }, anonymous: false, confidential: false },
      idempotency: null,
      actor: { subject: 'public', role: 'PUBLIC' },
      submittedBy: null,
      now: clock.now(),
      within: async () => {},
    });
    expect(complaint.trackingCode).toBe('LPR-7777-7777');
    expect(codes).toEqual([]);
  });

  const longText = (n: number) => 'x'.repeat(n);
  it.each([
    ['a title under 5 characters', { title: 'abcd' }, 'BAD_USER_INPUT', 'input.title'],
    ['a title that is short once trimmed', { title: '   ab    ' }, 'BAD_USER_INPUT', 'input.title'],
    ['a title over 150 characters', { title: longText(151) }, 'BAD_USER_INPUT', 'input.title'],
    ['a title of 5 characters in 3 code points', { title: '😀😀a' }, 'BAD_USER_INPUT', 'input.title'],
    ['a body under 10 characters', { body: 'too short' }, 'BAD_USER_INPUT', 'input.body'],
    ['a body over 5000 characters', { body: longText(5_001) }, 'BAD_USER_INPUT', 'input.body'],
    ['a NUL in the body', { body: 'ada karakter \u0000 aneh di sini' }, 'BAD_USER_INPUT', 'input.body'],
    ['an unknown service', { serviceCode: 'NO-SUCH-SERVICE' }, 'BAD_USER_INPUT', 'input.serviceCode'],
    ["another agency's service", { serviceCode: 'DKS-POLI-UMUM' }, 'BAD_USER_INPUT', 'input.serviceCode'],
    ['an unknown office', { officeCode: 'NOWHERE' }, 'BAD_USER_INPUT', 'input.officeCode'],
    ['an unknown ticket', { ticketId: '0b9f4a34-5c1e-4f59-9a55-2f4f2f0c6a11' }, 'BAD_USER_INPUT', 'input.ticketId'],
    ['a ticket id that is no id', { ticketId: 'ticket-1' }, 'BAD_USER_INPUT', 'input.ticketId'],
    ['a phone number too short', { contact: { phone: '0812' } }, 'BAD_USER_INPUT', 'input.contact.phone'],
    ['a foreign phone number', { contact: { phone: '+1 555 123 4567' } }, 'BAD_USER_INPUT', 'input.contact.phone'],
    ['a phone number with letters', { contact: { phone: '0812-ABCD-7890' } }, 'BAD_USER_INPUT', 'input.contact.phone'],
    ['a malformed email', { contact: { email: 'siti@' } }, 'BAD_USER_INPUT', 'input.contact.email'],
    ['a name over 100 characters', { contact: { name: longText(101) } }, 'BAD_USER_INPUT', 'input.contact.name'],
    ['a short idempotency key', { idempotencyKey: 'short' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
    ['an unknown kind', { kind: 'KELUHAN' }, 'BAD_USER_INPUT', undefined],
    ['no agency', { agency: undefined }, 'BAD_USER_INPUT', undefined],
    ['an unknown agency', { agency: 'DISHUB' }, 'BAD_USER_INPUT', undefined],
  ])('refuses %s with %s naming the field, and stores nothing', async (_what, overrides, code, field) => {
    const before = await complaintRows(t);
    const audits = await t.hub.database.knex('audit_log').count<{ count: number }[]>('* as count');
    const res = await submitRaw(t, complaintInput(overrides));
    expect(errorCodes(res)).toEqual([code]);
    if (field !== undefined) expect(res.body.errors?.[0]?.extensions?.['field']).toBe(field);
    expect(await complaintRows(t)).toEqual(before);
    expect(await t.hub.database.knex('audit_log').count<{ count: number }[]>('* as count')).toEqual(audits);
  });

  it('keeps the contact of an anonymous complaint, and files it all the same without one', async () => {
    const anonymous = await submit(t, { anonymous: true });
    expect(anonymous.complainant).toEqual({ name: 'Siti Aminah', phone: '081234567890', email: 'siti@example.id' });
    const row = await t.hub.database.knex('complaint').where('tracking_code', anonymous.trackingCode).first('contact_phone', 'anonymous');
    expect(row).toEqual({ contact_phone: '081234567890', anonymous: true });
    // Blank fields mean none; no contact at all is fine.
    const bare = await submit(t, { serviceCode: '', officeCode: null, contact: { name: ' ', phone: '', email: '' } });
    expect(bare).toMatchObject({ service: null, office: null, complainant: null });
  });
});

describe('rate limit on submitComplaint', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { RATE_LIMIT_COMPLAINTS_PER_MINUTE: '2' } });
  });
  afterAll(() => t.stop());

  it('refuses the third complaint within a minute from one address with RATE_LIMITED, storing nothing', async () => {
    await submit(t);
    await submit(t);
    const before = await complaintRows(t);
    const refused = await submitRaw(t, complaintInput());
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    expect(await complaintRows(t)).toEqual(before);
  });
});

describe('who sees what of a complaint', () => {
  let t: TestHub;
  let k: Tokens;
  const clock = new TestClock(TUESDAY_MORNING);
  let plain: ComplaintResult;
  let secret: ComplaintResult;
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
    k = await tokens(t);
    plain = await submit(t, { title: 'Antrean terlalu panjang' });
    // Anonymous and confidential, with a contact the complainant left anyway.
    secret = await submit(t, { title: 'Pungutan liar di loket', anonymous: true, confidential: true });
    for (const code of [plain.trackingCode, secret.trackingCode]) {
      await takeStep(t, 'verify', { code, note: 'Diteruskan ke kepala seksi' }, k.officer);
      await takeStep(t, 'respond', { code, body: 'Terima kasih, sedang kami tindak lanjuti.' }, k.officer);
    }
  });
  afterAll(() => t.stop());

  const CONTACT = { name: 'Siti Aminah', phone: '081234567890', email: 'siti@example.id' };
  const publicView = (c: ComplaintResult) => ({
    title: c.title,
    body: c.body,
    complainant: c.complainant,
    responses: c.responses.map((r) => r.body),
    notes: c.history.map((h) => h.note),
    history: c.history.map((h) => h.kind),
  });

  it.each([
    ['the public', undefined],
    ['a citizen', 'citizen'],
    ['an analyst', 'analyst'],
    ["another agency's officer", 'dinkesOfficer'],
  ] as const)('%s: status, history and content of an ordinary complaint; nothing of a confidential one; never the complainant', async (_who, token) => {
    const as = token === undefined ? undefined : k[token];
    const open = await read(t, plain.trackingCode, { ...(as === undefined ? {} : { token: as }) });
    expect(publicView(open)).toEqual({
      title: 'Antrean terlalu panjang',
      body: expect.stringContaining('KTP-el'),
      complainant: null,
      responses: ['Terima kasih, sedang kami tindak lanjuti.'],
      notes: [null, 'Diteruskan ke kepala seksi', null],
      history: ['SUBMITTED', 'VERIFIED', 'RESPONDED'],
    });
    const hidden = await read(t, secret.trackingCode, { ...(as === undefined ? {} : { token: as }) });
    expect(publicView(hidden)).toEqual({ title: null, body: null, complainant: null, responses: [], notes: [null, null, null], history: ['SUBMITTED', 'VERIFIED', 'RESPONDED'] });
    expect(hidden).toMatchObject({ status: 'RESPONDED', agency: { code: 'DISDUKCAPIL' }, service: { code: 'DUK-KTP-EL' }, anonymous: true, confidential: true, overdue: false });
    expect(hidden.verificationDue).toBe('2026-11-13T16:59:59.999Z');
  });

  it.each(['officer', 'supervisor', 'agencyAdmin'] as const)(
    "the agency's %s: content always; the complainant only when not anonymous, and each read audited",
    async (who) => {
      const auditsBefore = await auditCount(t, 'complaint.complainant', plain.trackingCode);
      const open = await read(t, plain.trackingCode, { token: k[who] });
      expect(open.complainant).toEqual(CONTACT);
      expect(await auditCount(t, 'complaint.complainant', plain.trackingCode)).toBe(auditsBefore + 1);

      const secretAudits = await auditCount(t, 'complaint.complainant', secret.trackingCode);
      const hidden = await read(t, secret.trackingCode, { token: k[who] });
      expect(publicView(hidden)).toMatchObject({ title: 'Pungutan liar di loket', complainant: null, responses: ['Terima kasih, sedang kami tindak lanjuti.'] });
      expect(hidden.history.map((h) => h.note)).toEqual([null, 'Diteruskan ke kepala seksi', null]);
      expect(await auditCount(t, 'complaint.complainant', secret.trackingCode)).toBe(secretAudits);
    },
  );

  it('a provincial ADMIN: everything, an anonymous complainant included, audited', async () => {
    const before = await auditCount(t, 'complaint.complainant', secret.trackingCode);
    const hidden = await read(t, secret.trackingCode, { token: k.provincialAdmin });
    expect(hidden).toMatchObject({ title: 'Pungutan liar di loket', complainant: CONTACT });
    expect(await auditCount(t, 'complaint.complainant', secret.trackingCode)).toBe(before + 1);
    const entry = await t.hub.database.knex('audit_log').where({ action: 'complaint.complainant', subject: secret.trackingCode, actor: 'admin-provinsi' }).first();
    expect(entry).toMatchObject({ role: 'ADMIN', agency_code: null, operation: 'Read', outcome: 'ok' });
  });

  it('the complainant with the access token: everything, their own contact included; a wrong token is FORBIDDEN', async () => {
    const own = await read(t, secret.trackingCode, { accessToken: secret.accessToken as string });
    expect(own).toMatchObject({ title: 'Pungutan liar di loket', complainant: CONTACT, responses: [{ body: 'Terima kasih, sedang kami tindak lanjuti.' }] });
    // Another complaint's token, or a made-up one, proves nothing.
    for (const wrong of [plain.accessToken as string, 'x'.repeat(43), '']) {
      const res = await readRaw(t, secret.trackingCode, { accessToken: wrong });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(res.body.data?.complaint).toBeNull();
    }
    // An unknown code with a token is as unknown as without one.
    const unknown = await readRaw(t, 'LPR-0000-0000', { accessToken: secret.accessToken as string });
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data).toEqual({ complaint: null });
  });

  it('cannot be dodged with aliases or fragments', async () => {
    const res = await t.query(
      `query($code: String!) { a: complaint(trackingCode: $code) { ...C } b: complaint(trackingCode: $code) { who: complainant { phone } text: body } }
       fragment C on Complaint { complainant { name } title }`,
      { code: secret.trackingCode },
      { token: k.officer },
    );
    expect(res.body.data).toEqual({ a: { complainant: null, title: 'Pungutan liar di loket' }, b: { who: null, text: expect.any(String) } });
    const publicRes = await t.query(`query($code: String!) { x: complaint(trackingCode: $code) { y: title z: body } }`, { code: secret.trackingCode });
    expect(publicRes.body.data).toEqual({ x: { y: null, z: null } });
  });
});

describe('handling a complaint', () => {
  let t: TestHub;
  let k: Tokens;
  const clock = new TestClock(TUESDAY_MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
    k = await tokens(t);
  });
  afterEach(() => clock.set(TUESDAY_MORNING));
  afterAll(() => t.stop());

  it('goes SUBMITTED -> VERIFIED -> RESPONDED (twice) -> CLOSED, each step one event and one audit entry', async () => {
    const { trackingCode: code } = await submit(t);
    clock.set('2026-11-11T02:00:00Z');
    const verified = await takeStep(t, 'verify', { code, note: 'Berkas lengkap' }, k.officer);
    // Verified on Wednesday 11: Thu 12, Fri 13, Mon 16, Tue 17, Wed 18.
    expect(verified).toMatchObject({ status: 'VERIFIED', verifiedAt: '2026-11-11T02:00:00.000Z', followUpDue: '2026-11-18T16:59:59.999Z' });
    clock.set('2026-11-12T02:00:00Z');
    const responded = await takeStep(t, 'respond', { code, body: '  KTP-el Anda sudah dicetak.  ' }, k.officer);
    expect(responded).toMatchObject({ status: 'RESPONDED', respondedAt: '2026-11-12T02:00:00.000Z', responses: [{ body: 'KTP-el Anda sudah dicetak.', agency: { code: 'DISDUKCAPIL' } }] });
    clock.set('2026-11-13T02:00:00Z');
    const again = await takeStep(t, 'respond', { code, body: 'Silakan ambil di loket 1.' }, k.supervisor);
    // The first response answered the deadline: a later one does not move respondedAt.
    expect(again.respondedAt).toBe('2026-11-12T02:00:00.000Z');
    expect(again.responses.map((r) => r.body)).toEqual(['KTP-el Anda sudah dicetak.', 'Silakan ambil di loket 1.']);
    clock.set('2026-11-16T02:00:00Z');
    const closed = await takeStep(t, 'close', { code, note: 'Selesai' }, k.supervisor);
    expect(closed).toMatchObject({ status: 'CLOSED', closedAt: '2026-11-16T02:00:00.000Z', overdue: false });
    expect(closed.history.map((h) => [h.kind, h.at, h.note])).toEqual([
      ['SUBMITTED', '2026-11-10T03:00:00.000Z', null],
      ['VERIFIED', '2026-11-11T02:00:00.000Z', 'Berkas lengkap'],
      ['RESPONDED', '2026-11-12T02:00:00.000Z', null],
      ['RESPONDED', '2026-11-13T02:00:00.000Z', null],
      ['CLOSED', '2026-11-16T02:00:00.000Z', 'Selesai'],
    ]);
    for (const action of ['complaint.submit', 'complaint.verify', 'complaint.close']) expect(await auditCount(t, action, code)).toBe(1);
    expect(await auditCount(t, 'complaint.respond', code)).toBe(2);
    const events = await t.hub.database.knex('complaint_event').join('complaint', 'complaint.id', 'complaint_event.complaint_id').where('tracking_code', code).select('actor', 'actor_role');
    expect(events.map((e: { actor: string; actor_role: string }) => `${e.actor_role}:${e.actor}`)).toEqual([
      'PUBLIC:public',
      'OFFICER:officer-dukcapil',
      'OFFICER:officer-dukcapil',
      'SUPERVISOR:supervisor-dukcapil',
      'SUPERVISOR:supervisor-dukcapil',
    ]);
  });

  it('refuses illegal steps with CONFLICT and writes nothing', async () => {
    const { trackingCode: code } = await submit(t);
    const refuse = async (step: Parameters<typeof stepRaw>[1], variables: Record<string, unknown>, token: string) => {
      const before = await complaintRows(t);
      expect(errorCodes(await stepRaw(t, step, { code, ...variables }, token))).toEqual(['CONFLICT']);
      expect(await complaintRows(t)).toEqual(before);
    };
    await refuse('respond', { body: 'Terlalu cepat' }, k.officer); // not verified yet
    await refuse('close', {}, k.supervisor);
    await takeStep(t, 'verify', { code }, k.officer);
    await refuse('verify', {}, k.officer); // verifying twice
    await refuse('close', {}, k.supervisor); // no response yet
    await takeStep(t, 'respond', { code, body: 'Sudah kami tangani.' }, k.officer);
    await refuse('reassign', { agency: 'DINKES', reason: 'Bukan wewenang kami' }, k.supervisor);
    await takeStep(t, 'close', { code }, k.supervisor);
    await refuse('respond', { body: 'Setelah ditutup' }, k.officer);
    await refuse('close', {}, k.supervisor);
  });

  it('lets only the right roles of the responsible agency act, and audits refusals', async () => {
    const { trackingCode: code } = await submit(t);
    const before = await complaintRows(t);
    const cases: [Parameters<typeof stepRaw>[1], Record<string, unknown>, string | undefined, string][] = [
      ['verify', {}, undefined, 'UNAUTHENTICATED'],
      ['verify', {}, k.citizen, 'FORBIDDEN'],
      ['verify', {}, k.analyst, 'FORBIDDEN'],
      ['verify', {}, k.provincialAdmin, 'FORBIDDEN'],
      ['verify', {}, k.dinkesOfficer, 'FORBIDDEN'],
      ['reassign', { agency: 'BKD', reason: 'Bukan wewenang kami' }, k.officer, 'FORBIDDEN'], // SUPERVISOR only
      ['reassign', { agency: 'BKD', reason: 'Bukan wewenang kami' }, k.dinkesSupervisor, 'FORBIDDEN'],
      ['close', {}, k.officer, 'FORBIDDEN'], // SUPERVISOR only
    ];
    for (const [step, variables, token, code_] of cases) {
      expect(errorCodes(await stepRaw(t, step, { code, ...variables }, token)), `${step} ${code_}`).toEqual([code_]);
    }
    expect(await complaintRows(t)).toEqual(before);
    // Refused on the locked row (another agency's officer): the attempt is in the audit log.
    expect(await auditCount(t, 'complaint.verify', code, 'denied')).toBe(1);
    expect(await auditCount(t, 'complaint.reassign', code, 'denied')).toBe(1);
  });

  it('lets one of two officers verifying at once win; the other gets CONFLICT', async () => {
    const { trackingCode: code } = await submit(t);
    const other = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'officer-dukcapil-2' });
    const results = await Promise.all([stepRaw(t, 'verify', { code }, k.officer), stepRaw(t, 'verify', { code }, other)]);
    expect(results.map((r) => errorCodes(r)[0] ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    const verified = await t.hub.database.knex('complaint_event').join('complaint', 'complaint.id', 'complaint_event.complaint_id').where({ 'complaint.tracking_code': code, 'complaint_event.kind': 'VERIFIED' });
    expect(verified).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown tracking code and BAD_USER_INPUT for bad arguments', async () => {
    expect(errorCodes(await stepRaw(t, 'verify', { code: 'LPR-0000-0000' }, k.officer))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await stepRaw(t, 'verify', { code: 'whatever' }, k.officer))).toEqual(['NOT_FOUND']);
    const { trackingCode: code } = await submit(t);
    const before = await complaintRows(t);
    const bad = async (step: Parameters<typeof stepRaw>[1], variables: Record<string, unknown>, token: string, field: string) => {
      const res = await stepRaw(t, step, { code, ...variables }, token);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors?.[0]?.extensions?.['field']).toBe(field);
    };
    await bad('reassign', { agency: 'DINKES', reason: 'tdk' }, k.supervisor, 'reason');
    await bad('reassign', { agency: 'DINKES', reason: 'x'.repeat(501) }, k.supervisor, 'reason');
    await bad('reassign', { agency: 'DISDUKCAPIL', reason: 'Ke dinas sendiri' }, k.supervisor, 'agency');
    await bad('verify', { note: 'x'.repeat(2_001) }, k.officer, 'note');
    await takeStep(t, 'verify', { code }, k.officer);
    await bad('respond', { body: '   ' }, k.officer, 'input.body');
    await bad('respond', { body: 'x'.repeat(5_001) }, k.officer, 'input.body');
    expect((await complaintRows(t))['complaint_response']).toBe(before['complaint_response']);
  });

  it('reassigns a complaint that is not the agency\'s: it starts over at the other agency, with a new verification deadline', async () => {
    const { trackingCode: code } = await submit(t, { serviceCode: null, officeCode: null });
    await takeStep(t, 'verify', { code }, k.officer);
    clock.set('2026-11-12T04:00:00Z'); // Thursday
    const moved = await takeStep(t, 'reassign', { code, agency: 'DINKES', reason: 'Bukan wewenang Disdukcapil: layanan puskesmas' }, k.supervisor);
    expect(moved).toMatchObject({
      status: 'SUBMITTED',
      agency: { code: 'DINKES' },
      verifiedAt: null,
      followUpDue: null,
      // From Thursday 12: Fri 13, Mon 16, Tue 17.
      verificationDue: '2026-11-17T16:59:59.999Z',
      // The old agency's supervisor no longer handles it: it reads like the public.
      complainant: null,
    });
    expect(moved.history.at(-1)).toEqual({
      kind: 'REASSIGNED',
      at: '2026-11-12T04:00:00.000Z',
      agency: { code: 'DISDUKCAPIL' },
      toAgency: { code: 'DINKES' },
      note: 'Bukan wewenang Disdukcapil: layanan puskesmas',
    });
    expect(errorCodes(await stepRaw(t, 'verify', { code }, k.officer))).toEqual(['FORBIDDEN']);
    const now = await takeStep(t, 'verify', { code }, k.dinkesOfficer);
    expect(now).toMatchObject({ status: 'VERIFIED', agency: { code: 'DINKES' }, complainant: { name: 'Siti Aminah' } });
    expect(await auditCount(t, 'complaint.reassign', code)).toBe(1);
  });

  it('reads a complaint afresh after a step in the same operation', async () => {
    const { trackingCode: code } = await submit(t);
    const res = await t.query(
      `mutation($code: String!) {
        first: verifyComplaint(trackingCode: $code) { status history { kind } }
        second: respondToComplaint(trackingCode: $code, input: { body: "Ditangani" }) { status history { kind } responses { body } }
      }`,
      { code },
      { token: k.officer },
    );
    expect(res.body.data).toEqual({
      first: { status: 'VERIFIED', history: [{ kind: 'SUBMITTED' }, { kind: 'VERIFIED' }] },
      second: { status: 'RESPONDED', history: [{ kind: 'SUBMITTED' }, { kind: 'VERIFIED' }, { kind: 'RESPONDED' }], responses: [{ body: 'Ditangani' }] },
    });
  });
});

describe('deadlines and overdue complaints, on an injected clock', () => {
  let t: TestHub;
  let k: Tokens;
  // Friday 27 November 2026, 15:30 WIB.
  const clock = new TestClock('2026-11-27T08:30:00Z');
  const OVERDUE = `query($overdue: Boolean) { complaints(filter: { overdue: $overdue }) { totalCount edges { node { trackingCode overdueStage } } } }`;
  const listed = async (overdue: boolean): Promise<string[]> => {
    const res = await t.query(OVERDUE, { overdue }, { token: k.supervisor });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.complaints.edges.map((e: { node: { trackingCode: string } }) => e.node.trackingCode);
  };
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
    k = await tokens(t);
  });
  afterAll(() => t.stop());

  it('makes a complaint filed on Friday afternoon, with Monday a holiday, overdue at the start of Friday 4 December and not a millisecond before', async () => {
    const holiday = await t.query(`mutation { setHoliday(date: "2026-11-30", name: "Libur daerah (uji)") { date name } }`, {}, { token: k.provincialAdmin });
    expect(holiday.body.data).toEqual({ setHoliday: { date: '2026-11-30', name: 'Libur daerah (uji)' } });

    const filed = await submit(t);
    // Working days after Friday 27: Monday 30 is off, so Tue 1, Wed 2, Thu 3 December.
    expect(filed.verificationDue).toBe('2026-12-03T16:59:59.999Z');
    const state = async () => {
      const c = await read(t, filed.trackingCode);
      return { overdue: c.overdue, stage: c.overdueStage, inOverdue: (await listed(true)).includes(filed.trackingCode), inOnTime: (await listed(false)).includes(filed.trackingCode) };
    };
    const onTime = { overdue: false, stage: null, inOverdue: false, inOnTime: true };
    const late = { overdue: true, stage: 'VERIFICATION', inOverdue: true, inOnTime: false };

    clock.set('2026-12-02T16:59:59.999Z'); // the end of Wednesday: without the holiday this would be the deadline
    expect(await state()).toEqual(onTime);
    clock.set('2026-12-02T17:00:00.000Z'); // the start of Thursday
    expect(await state()).toEqual(onTime);
    clock.set('2026-12-03T16:59:59.999Z'); // 23:59:59.999 WIB on Thursday 3 December
    expect(await state()).toEqual(onTime);
    clock.set('2026-12-03T17:00:00.000Z'); // 00:00 WIB on Friday 4 December
    expect(await state()).toEqual(late);

    // Deadlines follow the holiday list as it is now: without the holiday, it was due on Wednesday.
    const removed = await t.query(`mutation { removeHoliday(date: "2026-11-30") }`, {}, { token: k.provincialAdmin });
    expect(removed.body.data).toEqual({ removeHoliday: true });
    clock.set('2026-12-02T17:00:00.000Z');
    expect((await read(t, filed.trackingCode)).verificationDue).toBe('2026-12-02T16:59:59.999Z');
    expect(await state()).toEqual(late);
  });

  it('counts the follow-up deadline from verification, and takes the complaint off the overdue list once it is answered', async () => {
    clock.set('2026-12-01T03:00:00Z'); // Tuesday 1 December
    const filed = await submit(t);
    clock.set('2026-12-02T03:00:00Z');
    const verified = await takeStep(t, 'verify', { code: filed.trackingCode }, k.officer);
    // From Wednesday 2: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9.
    expect(verified.followUpDue).toBe('2026-12-09T16:59:59.999Z');
    clock.set('2026-12-09T16:59:59.999Z');
    expect(await listed(false)).toContain(filed.trackingCode);
    clock.set('2026-12-09T17:00:00.000Z');
    expect(await read(t, filed.trackingCode)).toMatchObject({ overdue: true, overdueStage: 'FOLLOW_UP' });
    expect(await listed(true)).toContain(filed.trackingCode);
    await takeStep(t, 'respond', { code: filed.trackingCode, body: 'Maaf terlambat, sudah selesai.' }, k.officer);
    expect(await read(t, filed.trackingCode)).toMatchObject({ overdue: false, overdueStage: null });
    expect(await listed(true)).not.toContain(filed.trackingCode);
  });
});

describe('holidays', () => {
  let t: TestHub;
  let k: Tokens;
  beforeAll(async () => {
    t = await startTestHub({ env: ENV });
    k = await tokens(t);
  });
  afterAll(() => t.stop());

  const SET = `mutation($date: Date!, $name: String!) { setHoliday(date: $date, name: $name) { date name } }`;
  const REMOVE = `mutation($date: Date!) { removeHoliday(date: $date) }`;
  const YEAR = `query($year: Int!) { holidays(year: $year) { date name } }`;

  it("lists a year's holidays to anyone, seeded with 2026's national holidays and cuti bersama", async () => {
    const res = await t.query(YEAR, { year: 2026 });
    const days = res.body.data.holidays.map((h: { date: string }) => h.date);
    expect(days).toEqual(expect.arrayContaining(['2026-01-01', '2026-03-20', '2026-03-23', '2026-03-24', '2026-08-17', '2026-12-24', '2026-12-25']));
    expect(days).toEqual([...days].sort());
    expect((await t.query(YEAR, { year: 2031 })).body.data).toEqual({ holidays: [] });
    expect(errorCodes(await t.query(YEAR, { year: 1066 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets a provincial ADMIN declare, rename and remove one, each audited', async () => {
    expect((await t.query(SET, { date: '2031-06-02', name: 'Libur uji' }, { token: k.provincialAdmin })).body.data).toEqual({ setHoliday: { date: '2031-06-02', name: 'Libur uji' } });
    expect((await t.query(SET, { date: '2031-06-02', name: 'Libur uji (diganti)' }, { token: k.provincialAdmin })).body.errors).toBeUndefined();
    expect((await t.query(YEAR, { year: 2031 })).body.data).toEqual({ holidays: [{ date: '2031-06-02', name: 'Libur uji (diganti)' }] });
    expect((await t.query(REMOVE, { date: '2031-06-02' }, { token: k.provincialAdmin })).body.data).toEqual({ removeHoliday: true });
    expect((await t.query(REMOVE, { date: '2031-06-02' }, { token: k.provincialAdmin })).body.data).toEqual({ removeHoliday: false });
    expect(await auditCount(t, 'holiday.set', '2031-06-02')).toBe(2);
    expect(await auditCount(t, 'holiday.remove', '2031-06-02')).toBe(2);
  });

  it('refuses everyone else, and bad dates and names, changing nothing', async () => {
    const count = async () => Number((await t.hub.database.knex('holiday').count<{ count: number }[]>('* as count'))[0]?.count);
    const before = await count();
    const cases: [Record<string, unknown>, string | undefined, string][] = [
      [{ date: '2031-06-03', name: 'x' }, undefined, 'UNAUTHENTICATED'],
      [{ date: '2031-06-03', name: 'x' }, k.citizen, 'FORBIDDEN'],
      [{ date: '2031-06-03', name: 'x' }, k.supervisor, 'FORBIDDEN'],
      // An agency's ADMIN may not move every agency's deadlines.
      [{ date: '2031-06-03', name: 'x' }, k.agencyAdmin, 'FORBIDDEN'],
      [{ date: '2031-02-30', name: 'x' }, k.provincialAdmin, 'BAD_USER_INPUT'],
      [{ date: '31-06-03', name: 'x' }, k.provincialAdmin, 'BAD_USER_INPUT'],
      [{ date: '1800-06-03', name: 'x' }, k.provincialAdmin, 'BAD_USER_INPUT'],
      [{ date: '2031-06-03', name: '   ' }, k.provincialAdmin, 'BAD_USER_INPUT'],
      [{ date: '2031-06-03', name: 'x'.repeat(201) }, k.provincialAdmin, 'BAD_USER_INPUT'],
    ];
    for (const [variables, token, code] of cases) expect(errorCodes(await t.query(SET, variables, { token })), JSON.stringify(variables)).toEqual([code]);
    expect(errorCodes(await t.query(REMOVE, { date: '2026-08-17' }, { token: k.agencyAdmin }))).toEqual(['FORBIDDEN']);
    expect(await count()).toBe(before);
  });
});

describe('listing complaints', () => {
  let t: TestHub;
  let k: Tokens;
  const clock = new TestClock(TUESDAY_MORNING);
  const LIST = `query($filter: ComplaintFilter, $first: Int, $after: String) {
    complaints(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { trackingCode agency { code } status kind } }
    }
  }`;
  const list = async (token: string | undefined, variables: Record<string, unknown> = {}) => t.query(LIST, variables, { token });
  const codes = (res: Awaited<ReturnType<typeof list>>): string[] => res.body.data.complaints.edges.map((e: { node: { trackingCode: string } }) => e.node.trackingCode);
  const filed: ComplaintResult[] = [];
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
    k = await tokens(t);
    // One a minute, alternating agencies; from the 12th of November on, a day later each.
    for (let i = 0; i < 8; i++) {
      clock.set(new Date(Date.parse(TUESDAY_MORNING) + i * 60_000 + (i >= 4 ? 2 * 86_400_000 : 0)));
      const dinkes = i % 2 === 1;
      filed.push(
        await submit(t, {
          agency: dinkes ? 'DINKES' : 'DISDUKCAPIL',
          serviceCode: dinkes ? 'DKS-POLI-UMUM' : 'DUK-KTP-EL',
          officeCode: dinkes ? 'PKM-PAKUAN-BARU' : 'DUKCAPIL-KOTA-JAMBI',
          kind: i === 2 ? 'ASPIRASI' : 'PENGADUAN',
        }),
      );
    }
    clock.set('2026-11-13T03:00:00Z');
    await takeStep(t, 'verify', { code: filed[0]?.trackingCode }, k.officer);
  });
  afterAll(() => t.stop());

  const newestFirst = (agency?: string) => filed.filter((c) => agency === undefined || c.agency.code === agency).map((c) => c.trackingCode).reverse();

  it("confines an agency's staff to their agency, newest first", async () => {
    for (const token of [k.officer, k.supervisor, k.agencyAdmin]) {
      const res = await list(token);
      expect(codes(res)).toEqual(newestFirst('DISDUKCAPIL'));
      expect(res.body.data.complaints.totalCount).toBe(4);
      expect(codes(await list(token, { filter: { agency: 'DISDUKCAPIL' } }))).toEqual(newestFirst('DISDUKCAPIL'));
      expect(errorCodes(await list(token, { filter: { agency: 'DINKES' } }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await list(k.dinkesOfficer))).toEqual(newestFirst('DINKES'));
  });

  it('lets an ANALYST and a provincial ADMIN see every agency or pick one', async () => {
    for (const token of [k.analyst, k.provincialAdmin]) {
      expect(codes(await list(token))).toEqual(newestFirst());
      expect(codes(await list(token, { filter: { agency: 'DINKES' } }))).toEqual(newestFirst('DINKES'));
    }
  });

  it('refuses the public and citizens', async () => {
    expect(errorCodes(await list(undefined))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await list(k.citizen))).toEqual(['FORBIDDEN']);
  });

  it('filters by status, kind, service, office and WIB submission days', async () => {
    const get = async (filter: Record<string, unknown>) => codes(await list(k.analyst, { filter }));
    expect(await get({ status: 'VERIFIED' })).toEqual([filed[0]?.trackingCode]);
    expect(await get({ status: 'SUBMITTED', agency: 'DISDUKCAPIL' })).toEqual(newestFirst('DISDUKCAPIL').slice(0, 3));
    expect(await get({ kind: 'ASPIRASI' })).toEqual([filed[2]?.trackingCode]);
    expect(await get({ serviceCode: 'DKS-POLI-UMUM' })).toEqual(newestFirst('DINKES'));
    expect(await get({ officeCode: 'PKM-PAKUAN-BARU' })).toEqual(newestFirst('DINKES'));
    expect(await get({ from: '2026-11-10', to: '2026-11-10' })).toEqual(newestFirst().slice(4));
    expect(await get({ from: '2026-11-11' })).toEqual(newestFirst().slice(0, 4));
    expect(await get({ to: '2026-11-09' })).toEqual([]);
    expect(errorCodes(await list(k.analyst, { filter: { from: '2026-11-12', to: '2026-11-10' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('pages with cursors, first defaulting to 20 and at most 100', async () => {
    const all = newestFirst();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await list(k.analyst, { first: 3, after });
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data.complaints;
      expect(page.totalCount).toBe(8);
      seen.push(...codes(res));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(codes(await list(k.analyst, { first: 0 }))).toEqual([]);
    expect(errorCodes(await list(k.analyst, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await list(k.analyst, { after: 'bm90IGEgY3Vyc29y' }))).toEqual(['BAD_USER_INPUT']);
    const services = await t.query(`{ services(first: 1) { pageInfo { endCursor } } }`);
    expect(errorCodes(await list(k.analyst, { after: services.body.data.services.pageInfo.endCursor }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('no N+1 in complaint lists', () => {
  let t: TestHub;
  let k: Tokens;
  const clock = new TestClock(TUESDAY_MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: ENV });
    k = await tokens(t);
    for (let i = 0; i < 25; i++) {
      clock.advanceMinutes(1);
      const { trackingCode: code } = await submit(t, { anonymous: i % 3 === 0, confidential: i % 4 === 0 });
      if (i % 2 === 0) {
        await takeStep(t, 'verify', { code, note: 'Lengkap' }, k.officer);
        await takeStep(t, 'respond', { code, body: 'Ditindaklanjuti' }, k.officer);
      }
    }
  });
  afterAll(() => t.stop());

  const QUERY = `query($first: Int!, $overdue: Boolean) {
    complaints(first: $first, filter: { overdue: $overdue }) {
      totalCount
      edges { node {
        trackingCode title status overdue overdueStage verificationDue followUpDue
        agency { code name } service { code name agency { code } } office { code name }
        complainant { name phone }
        responses { at body agency { code } }
        history { kind at note agency { code } toAgency { code } }
      } }
    }
  }`;

  it.each([undefined, false])('issues the same SQL statements for 5 and for 25 complaints with their relations (overdue filter: %s)', async (overdue) => {
    const small = await t.query(QUERY, { first: 5, overdue }, { token: k.supervisor });
    const large = await t.query(QUERY, { first: 25, overdue }, { token: k.supervisor });
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.complaints.edges).toHaveLength(25);
    const statements = large.body.extensions?.stats?.sqlStatements;
    expect(statements).toBe(small.body.extensions?.stats?.sqlStatements);
    // page, count, agencies, services, offices, events, responses, holidays (x2 with the overdue filter), and the audit
    // append, one for all the complainants read (its own transaction: begin, lock the chain head, insert, commit)
    expect(statements).toBeLessThanOrEqual(13);
  });
});

describe('complaintFiled subscription', () => {
  let t: TestHub;
  let k: Tokens;
  const sockets: WsConnection[] = [];
  beforeAll(async () => {
    t = await startTestHub({ env: ENV });
    k = await tokens(t);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((ws) => ws.dispose()));
    // The next test counts subscriptions from zero.
    await untilSubscriptions(t, 0);
  });
  afterAll(() => t.stop());

  const FILED = `subscription($agency: AgencyCode) { complaintFiled(agency: $agency) { trackingCode agency { code } title complainant { name } } }`;
  type Filed = { trackingCode: string; agency: { code: string }; title: string | null; complainant: { name: string } | null };

  /** A subscription's messages as they arrive; `until(n)` waits for the n-th, `failed` for a refusal. */
  function watch(token: string | undefined, agency?: string) {
    const ws = connectWs(t.url, token === undefined ? {} : { token });
    sockets.push(ws);
    const received: Filed[] = [];
    const waiters: { count: number; resolve: () => void }[] = [];
    let reject: (error: unknown) => void = () => {};
    const failed = new Promise<unknown>((_resolve, fail) => (reject = fail));
    failed.catch(() => {});
    ws.client.subscribe(
      { query: FILED, variables: agency === undefined ? {} : { agency } },
      {
        next: (result: FormattedExecutionResult) => {
          if (result.errors) return reject(result.errors);
          received.push((result.data as { complaintFiled: Filed }).complaintFiled);
          for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
        },
        error: (error) => reject(error),
        complete: () => {},
      },
    );
    return {
      received,
      failed,
      until: (count: number) =>
        received.length >= count ? Promise.resolve(received) : new Promise<Filed[]>((resolve) => waiters.push({ count, resolve: () => resolve(received) })),
    };
  }

  it("delivers each agency's complaints to its staff, all of them to an analyst, as each may see them", async () => {
    const officer = watch(k.officer); // no argument: their own agency
    const analyst = watch(k.analyst); // no argument: every agency
    const dinkes = watch(k.provincialAdmin, 'DINKES');
    await untilSubscriptions(t, 3);

    const toDinkes = await submit(t, { agency: 'DINKES', serviceCode: 'DKS-POLI-UMUM', officeCode: 'PKM-PAKUAN-BARU' });
    const secret = await submit(t, { confidential: true, anonymous: true, title: 'Rahasia sekali' });
    const plain = await submit(t, { title: 'Biasa saja' });

    expect(await officer.until(2)).toEqual([
      { trackingCode: secret.trackingCode, agency: { code: 'DISDUKCAPIL' }, title: 'Rahasia sekali', complainant: null },
      { trackingCode: plain.trackingCode, agency: { code: 'DISDUKCAPIL' }, title: 'Biasa saja', complainant: { name: 'Siti Aminah' } },
    ]);
    expect(await analyst.until(3)).toEqual([
      { trackingCode: toDinkes.trackingCode, agency: { code: 'DINKES' }, title: 'KTP-el belum jadi', complainant: null },
      { trackingCode: secret.trackingCode, agency: { code: 'DISDUKCAPIL' }, title: null, complainant: null },
      { trackingCode: plain.trackingCode, agency: { code: 'DISDUKCAPIL' }, title: 'Biasa saja', complainant: null },
    ]);
    expect((await dinkes.until(1)).map((c) => c.trackingCode)).toEqual([toDinkes.trackingCode]);
    // Only now is it certain nothing else was coming: the later complaints have reached the other subscribers.
    expect(officer.received).toHaveLength(2);
    expect(dinkes.received).toHaveLength(1);
  });

  it('tells the new agency when a complaint is reassigned to it', async () => {
    const dinkes = watch(k.dinkesOfficer);
    await untilSubscriptions(t, 1);
    const filed = await submit(t);
    await takeStep(t, 'reassign', { code: filed.trackingCode, agency: 'DINKES', reason: 'Bukan wewenang Disdukcapil' }, k.supervisor);
    expect(await dinkes.until(1)).toEqual([{ trackingCode: filed.trackingCode, agency: { code: 'DINKES' }, title: 'KTP-el belum jadi', complainant: { name: 'Siti Aminah' } }]);
  });

  it.each([
    ['the public', undefined, undefined, 'UNAUTHENTICATED'],
    ['a citizen', 'citizen', undefined, 'FORBIDDEN'],
    ["another agency's officer", 'dinkesOfficer', 'DISDUKCAPIL', 'FORBIDDEN'],
  ] as const)('refuses %s at subscribe time', async (_who, token, agency, code) => {
    const sub = watch(token === undefined ? undefined : k[token], agency);
    const errors = (await sub.failed.then(
      () => [],
      (e: unknown) => e,
    )) as { extensions?: { code?: string } }[];
    expect(errors.map((e) => e.extensions?.code)).toEqual([code]);
  });
});
