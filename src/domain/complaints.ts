/**
 * Complaints (SP4N-LAPOR!-style) as DESIGN.md fixes them: kinds, the status machine and who may move it, tracking
 * codes and access tokens, who may read what of a complaint, and the working-day deadlines. Pure rules; the store
 * persists, the resolvers decide per caller by asking these functions.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AgencyCode } from './catalog.js';
import type { Connection } from './paging.js';
import type { Principal, Role } from './principal.js';
import { deadlineAfter, overdueCutoff, type HolidaySet } from './working-days.js';

export const COMPLAINT_KINDS = ['PENGADUAN', 'ASPIRASI', 'PERMINTAAN_INFORMASI'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const COMPLAINT_STATUSES = ['SUBMITTED', 'VERIFIED', 'RESPONDED', 'CLOSED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_EVENT_KINDS = ['SUBMITTED', 'VERIFIED', 'REASSIGNED', 'RESPONDED', 'CLOSED'] as const;
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number];

export type ComplaintStage = 'VERIFICATION' | 'FOLLOW_UP';

/** Verification is due within this many working days of the complaint reaching its current agency. */
export const VERIFICATION_WORKING_DAYS = 3;
/** The first response is due within this many working days of verification. */
export const FOLLOW_UP_WORKING_DAYS = 5;

/** How to reach the complainant. Personal data: see {@link seesIdentity}. */
export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface Complaint {
  id: string;
  trackingCode: string;
  kind: ComplaintKind;
  /** The agency responsible now. */
  agencyCode: AgencyCode;
  serviceCode: string | null;
  officeCode: string | null;
  ticketId: string | null;
  title: string;
  body: string;
  contact: Contact;
  anonymous: boolean;
  confidential: boolean;
  status: ComplaintStatus;
  submittedAt: Date;
  /** When the current agency received it (submission, or the last reassignment): verification counts from here. */
  assignedAt: Date;
  verifiedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
}

/**
 * A complaint as the schema shows it. `accessToken` is set only in submitComplaint's first answer; `heldByComplainant`
 * when the caller proved to be the complainant (the access token), which lets them read it whole.
 */
export type ComplaintView = Complaint & { readonly accessToken?: string; readonly heldByComplainant?: boolean };

export interface ComplaintReply {
  at: Date;
  agencyCode: AgencyCode;
  body: string;
}

export interface ComplaintHistoryEntry {
  kind: ComplaintEventKind;
  at: Date;
  /** The agency that took the step. */
  agencyCode: AgencyCode;
  /** For REASSIGNED: where it went. */
  toAgency: AgencyCode | null;
  note: string | null;
}

export interface Holiday {
  /** `YYYY-MM-DD` */
  date: string;
  name: string;
}

export type ComplaintConnection = Connection<ComplaintView>;

// ---- the status machine ----------------------------------------------------------------------------------------

export type ComplaintAction = 'VERIFY' | 'REASSIGN' | 'RESPOND' | 'CLOSE';

export interface ComplaintTransition {
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  event: ComplaintEventKind;
  /** Roles of the responsible agency that may take the step. */
  roles: readonly Role[];
}

export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintAction, ComplaintTransition>> = {
  VERIFY: { from: ['SUBMITTED'], to: 'VERIFIED', event: 'VERIFIED', roles: ['OFFICER', 'SUPERVISOR'] },
  // "Bukan wewenang": the complaint starts over at the agency responsible, with a fresh verification deadline.
  REASSIGN: { from: ['SUBMITTED', 'VERIFIED'], to: 'SUBMITTED', event: 'REASSIGNED', roles: ['SUPERVISOR'] },
  // Further responses after the first keep it RESPONDED (a dialogue until it is closed).
  RESPOND: { from: ['VERIFIED', 'RESPONDED'], to: 'RESPONDED', event: 'RESPONDED', roles: ['OFFICER', 'SUPERVISOR'] },
  CLOSE: { from: ['RESPONDED'], to: 'CLOSED', event: 'CLOSED', roles: ['SUPERVISOR'] },
};

// ---- tracking codes and access tokens --------------------------------------------------------------------------

/** Crockford's base32: no I, L, O, U, so a code read out over the phone is not misheard. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TRACKING_CODE = /^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** `LPR-XXXX-XXXX`: 40 random bits, enough that codes are not guessed in sequence; collisions are retried. */
export function newTrackingCode(random: (size: number) => Buffer = randomBytes): string {
  // 256 is a multiple of 32: each byte's low five bits are uniform.
  const chars = [...random(8)].map((byte) => CROCKFORD_ALPHABET[byte & 31] as string);
  return `LPR-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/**
 * A tracking code as a person typed it, in canonical form, or null when it cannot be one. Case and the dashes are
 * forgiven, and Crockford's look-alikes (O for 0, I and L for 1) are read as he defined them.
 */
export function normalizeTrackingCode(input: string): string | null {
  const match = /^LPR-?([0-9A-Z]{4})-?([0-9A-Z]{4})$/.exec(input.trim().toUpperCase());
  if (match === null) return null;
  const fix = (part: string) => part.replace(/O/g, '0').replace(/[IL]/g, '1');
  const code = `LPR-${fix(match[1] as string)}-${fix(match[2] as string)}`;
  return TRACKING_CODE.test(code) ? code : null;
}

/** The complainant's key: returned once; only its SHA-256 is stored, so a database leak does not leak access. */
export function newAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: accessTokenHash(token) };
}

export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function accessTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(accessTokenHash(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

// ---- contact ---------------------------------------------------------------------------------------------------

const MOBILE = /^(?:\+?62|0)8[1-9]\d{7,10}$/;
const LANDLINE = /^(?:\+?62|0)[2-7]\d{6,9}$/;

/**
 * An Indonesian phone number without its separators (spaces, dashes, dots, brackets), or null when it is not one:
 * a mobile number (08.., +628..) or a landline with its area code (0741 for Kota Jambi, 021 ...).
 */
export function normalizeIndonesianPhone(input: string): string | null {
  const compact = input.replace(/[\s\-.()]/g, '');
  return MOBILE.test(compact) || LANDLINE.test(compact) ? compact : null;
}

// ---- who reads what --------------------------------------------------------------------------------------------

/**
 * Whose eyes a complaint is shown to:
 * - COMPLAINANT: holds the access token: everything, their own contact included.
 * - PROVINCIAL_ADMIN: ADMIN without an agency claim: everything, an anonymous complainant's identity included.
 * - HANDLER: OFFICER, SUPERVISOR or ADMIN of the agency responsible now: the content always; the identity unless
 *   anonymous.
 * - ANALYST: lists and reads like the public (no identity, no content of a confidential complaint).
 * - PUBLIC: no token, a CITIZEN, or staff of another agency.
 */
export type ComplaintAudience = 'COMPLAINANT' | 'PROVINCIAL_ADMIN' | 'HANDLER' | 'ANALYST' | 'PUBLIC';

export function audienceOf(principal: Principal, complaint: Pick<Complaint, 'agencyCode'>, heldByComplainant: boolean): ComplaintAudience {
  if (heldByComplainant) return 'COMPLAINANT';
  if (principal.kind === 'public') return 'PUBLIC';
  switch (principal.role) {
    case 'ADMIN':
      if (principal.agency === null) return 'PROVINCIAL_ADMIN';
      return principal.agency === complaint.agencyCode ? 'HANDLER' : 'PUBLIC';
    case 'OFFICER':
    case 'SUPERVISOR':
      return principal.agency !== null && principal.agency === complaint.agencyCode ? 'HANDLER' : 'PUBLIC';
    case 'ANALYST':
      return 'ANALYST';
    case 'CITIZEN':
      return 'PUBLIC';
  }
}

/** Title, body, responses and handlers' notes. */
export function seesContent(audience: ComplaintAudience, complaint: Pick<Complaint, 'confidential'>): boolean {
  switch (audience) {
    case 'COMPLAINANT':
    case 'PROVINCIAL_ADMIN':
    case 'HANDLER':
      return true;
    case 'ANALYST':
    case 'PUBLIC':
      return !complaint.confidential;
  }
}

/** The complainant's name and contact. Every read that returns them is audited. */
export function seesIdentity(audience: ComplaintAudience, complaint: Pick<Complaint, 'anonymous'>): boolean {
  switch (audience) {
    case 'COMPLAINANT':
    case 'PROVINCIAL_ADMIN':
      return true;
    case 'HANDLER':
      return !complaint.anonymous;
    case 'ANALYST':
    case 'PUBLIC':
      return false;
  }
}

/**
 * Which agency's complaints a user may list or watch: `{ agency: null }` for all of them; `'forbidden'` when they
 * may not see the requested one (or none at all). ANALYSTs and provincial ADMINs may see any agency's; an agency's
 * OFFICER, SUPERVISOR or ADMIN only their own, which is also what they get when they name none.
 */
export function complaintScope(
  user: Extract<Principal, { kind: 'user' }>,
  requested: AgencyCode | null,
): { agency: AgencyCode | null } | 'forbidden' {
  switch (user.role) {
    case 'ANALYST':
      return { agency: requested };
    case 'ADMIN':
    case 'SUPERVISOR':
    case 'OFFICER':
      if (user.agency === null) return user.role === 'ADMIN' ? { agency: requested } : 'forbidden';
      return requested === null || requested === user.agency ? { agency: user.agency } : 'forbidden';
    case 'CITIZEN':
      return 'forbidden';
  }
}

// ---- deadlines -------------------------------------------------------------------------------------------------

export interface ComplaintDeadlines {
  /** End of the 3rd working day after the complaint reached its current agency. */
  verificationDue: Date;
  /** End of the 5th working day after verification; null before. */
  followUpDue: Date | null;
}

/** `holidays` must cover the years of `assignedAt` and `verifiedAt` and the next (see `yearsFrom`). */
export function deadlinesOf(complaint: Pick<Complaint, 'assignedAt' | 'verifiedAt'>, holidays: HolidaySet): ComplaintDeadlines {
  return {
    verificationDue: deadlineAfter(complaint.assignedAt, VERIFICATION_WORKING_DAYS, holidays),
    followUpDue: complaint.verifiedAt === null ? null : deadlineAfter(complaint.verifiedAt, FOLLOW_UP_WORKING_DAYS, holidays),
  };
}

/** The deadline a complaint has missed at `now`: its current step's, if that step is still to be taken. */
export function overdueStageOf(complaint: Pick<Complaint, 'status'>, deadlines: ComplaintDeadlines, now: Date): ComplaintStage | null {
  switch (complaint.status) {
    case 'SUBMITTED':
      return now > deadlines.verificationDue ? 'VERIFICATION' : null;
    case 'VERIFIED':
      return deadlines.followUpDue !== null && now > deadlines.followUpDue ? 'FOLLOW_UP' : null;
    case 'RESPONDED':
    case 'CLOSED':
      return null;
  }
}

/**
 * The overdue test as instants SQL can compare with: a SUBMITTED complaint is overdue iff `assigned_at < verification`,
 * a VERIFIED one iff `verified_at < followUp`. Equivalent to {@link overdueStageOf} (test/working-days.test.ts checks
 * it); `holidays` must cover the few weeks before `now`.
 */
export function overdueCutoffs(now: Date, holidays: HolidaySet): { verification: Date; followUp: Date } {
  return {
    verification: overdueCutoff(now, VERIFICATION_WORKING_DAYS, holidays),
    followUp: overdueCutoff(now, FOLLOW_UP_WORKING_DAYS, holidays),
  };
}
