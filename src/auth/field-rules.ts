/**
 * Who may read or call what, declared per type and per field in one map. `src/auth/enforce.ts` applies the map when
 * the schema is built: every field with a rule gets its resolver (and, for subscriptions, its subscribe function)
 * wrapped by a check that runs before the field's own code, so before any loader or source is called for it. Being
 * per field, a rule holds however the field is reached: by name, by alias, through inline or named fragments, inside
 * a list, in a query, a mutation or a subscription's payload.
 *
 * The map is the baseline: role gates and personal-data fields. Resolvers keep the record-level checks that need the
 * record itself (an agency's staff act only within their agency: the record says which agency), and those checks only
 * ever narrow what the map allows (test/field-rules.test.ts checks that they agree).
 *
 * How personal-data fields are recognised: every field listed below with `personal(...)`, plus a name heuristic over
 * the whole schema ({@link looksPersonal}): a field whose name, or the name of the type it returns or belongs to,
 * contains one of {@link PERSONAL_DATA_WORDS} (phone, email, birth, NIK, NIP, contact, complainant, address ...) must
 * have a rule of its own in {@link FIELD_RULES}, or the schema-walking test fails. A match that is not personal data (an
 * office's street address) says so with `notPersonal(reason)`.
 */
import { audienceOf, COMPLAINT_TRANSITIONS, seesIdentity, type ComplaintView } from '../domain/complaints.js';
import type { Principal, Role } from '../domain/principal.js';
import type { StaffRef } from '../domain/staff.js';
import { mayReadStaffPersonalData } from './policy.js';

/** What a denied personal field does: an error (FORBIDDEN) in its place, or a quiet null (the field's public view). */
export type PersonalDenial = 'forbid' | 'mask';

export type FieldRule =
  /** Anyone, the public included. `reason` is required when the name looks personal ({@link notPersonal}). */
  | { readonly kind: 'public'; readonly reason: string | null }
  /** Signed-in users with one of these roles; the public gets UNAUTHENTICATED, other roles FORBIDDEN. */
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  /** Personal data: see {@link personal}. */
  | PersonalRule
  /** A field of a type that only a personal field returns (Complainant): that field's rule decided already. */
  | { readonly kind: 'reachedThrough'; readonly field: string };

export interface PersonalRule {
  readonly kind: 'personal';
  /** Who may read it, in words (documentation and error messages). */
  readonly readers: string;
  /** Decides from the caller and the parent object alone: no loader, no source call. */
  readonly may: (principal: Principal, parent: unknown) => boolean;
  readonly denied: PersonalDenial;
  /** For `forbid`: the audit entry a refused read writes (action and subject), like the resolver's own reads. */
  readonly audit: ((parent: unknown) => { action: string; subject: string | null }) | null;
}

export const PUBLIC_FIELD: FieldRule = { kind: 'public', reason: null };

export function roles(...allowed: Role[]): FieldRule {
  return { kind: 'roles', roles: allowed };
}

/** A public field whose name looks personal to the heuristic: the reason it is not. */
export function notPersonal(reason: string): FieldRule {
  return { kind: 'public', reason };
}

/**
 * Personal data. `may` sees the parent object as the field's resolver receives it (the codegen mapper of its type),
 * so the rule can decide on what the record already holds (its NIP, its agency, an access token shown) without a call.
 */
export function personal<Parent>(options: {
  readers: string;
  may: (principal: Principal, parent: Parent) => boolean;
  denied: PersonalDenial;
  audit?: (parent: Parent) => { action: string; subject: string | null };
}): PersonalRule {
  const { may, audit } = options;
  return {
    kind: 'personal',
    readers: options.readers,
    // The map key ties the parent to its type (src/generated/graphql.ts's mappers): the cast is that link.
    may: (principal, parent) => may(principal, parent as Parent),
    denied: options.denied,
    audit: audit === undefined ? null : (parent) => audit(parent as Parent),
  };
}

export function reachedThrough(field: string): FieldRule {
  return { kind: 'reachedThrough', field };
}

const STAFF_READERS: Role[] = ['OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN'];
const COUNTER_STAFF: Role[] = ['OFFICER', 'SUPERVISOR'];
const COMPLAINT_READERS: Role[] = ['OFFICER', 'SUPERVISOR', 'ADMIN', 'ANALYST'];
const RESIDENT_CHECKERS: Role[] = ['OFFICER', 'SUPERVISOR'];

/**
 * A staff member's personal field: before any source call, the person themself (by NIP), a SUPERVISOR or an ADMIN;
 * when the record at hand already names the agency (a search result, a loaded profile), exactly the resolver's rule.
 */
function staffPersonal(field: 'phone' | 'birthDate'): PersonalRule {
  return personal<StaffRef>({
    readers: 'the staff member, their agency\'s SUPERVISOR and ADMIN',
    may: (principal, ref) => {
      if (principal.kind === 'public') return false;
      const known = ref.profile ?? ref.summary;
      if (known !== null) return mayReadStaffPersonalData(principal, { nip: ref.nip, agency: known.workUnit?.agency ?? null });
      return principal.role === 'SUPERVISOR' || principal.role === 'ADMIN' || (principal.nip !== null && principal.nip === ref.nip);
    },
    denied: 'forbid',
    audit: (ref) => ({ action: `staff.${field}`, subject: ref.nip }),
  });
}

/** Rules for every field of a type (checked before the field's own rule, which must also pass). */
export const TYPE_RULES: Readonly<Record<string, FieldRule>> = {
  Staff: roles(...STAFF_READERS),
  ResidentVerification: roles(...RESIDENT_CHECKERS),
  AuditRecord: roles('ADMIN'),
};

/**
 * Rules per field, `Type.field`. Every root field (Query, Mutation, Subscription) must have one: the hub refuses to
 * start otherwise, naming the field. Public root fields are public on purpose; their resolvers still check what the
 * arguments ask for (a holder token, an officer's own figures).
 */
export const FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  // ---- queries -------------------------------------------------------------------------------------------------
  'Query.viewer': PUBLIC_FIELD,
  'Query.agencies': PUBLIC_FIELD,
  'Query.services': PUBLIC_FIELD,
  'Query.service': PUBLIC_FIELD,
  'Query.offices': PUBLIC_FIELD,
  'Query.office': PUBLIC_FIELD,
  'Query.queueStatus': PUBLIC_FIELD,
  'Query.ticket': PUBLIC_FIELD,
  'Query.sources': PUBLIC_FIELD,
  'Query.verifyResident': roles(...RESIDENT_CHECKERS),
  'Query.staff': roles(...STAFF_READERS),
  // An OFFICER reads their own record only (Query.staff); searching is for those who oversee others.
  'Query.staffSearch': roles('SUPERVISOR', 'ANALYST', 'ADMIN'),
  'Query.workUnits': roles(...STAFF_READERS),
  // Published IKM is public; per-officer figures (filter.officerNip) are checked by the resolver, per argument.
  'Query.satisfaction': PUBLIC_FIELD,
  'Query.satisfactionSeries': PUBLIC_FIELD,
  'Query.complaint': PUBLIC_FIELD,
  'Query.complaints': roles(...COMPLAINT_READERS),
  'Query.holidays': PUBLIC_FIELD,
  'Query.auditLog': roles('ADMIN'),
  // Staff performance (resolvers/performance.ts): summaries for those who oversee others; recognition also for an
  // OFFICER, who sees their own entry only (the resolver narrows it).
  'Query.performanceSummary': roles('SUPERVISOR', 'ANALYST', 'ADMIN'),
  'Query.trainingImpact': roles('SUPERVISOR', 'ANALYST', 'ADMIN'),
  'Query.recognition': roles(...STAFF_READERS),

  // ---- mutations -----------------------------------------------------------------------------------------------
  'Mutation.saveService': roles('ADMIN'),
  'Mutation.syncCatalog': roles('ADMIN'),
  'Mutation.takeTicket': PUBLIC_FIELD,
  // The holder token decides, in the resolver.
  'Mutation.cancelTicket': PUBLIC_FIELD,
  'Mutation.callNextTicket': roles(...COUNTER_STAFF),
  'Mutation.recallTicket': roles(...COUNTER_STAFF),
  'Mutation.startServing': roles(...COUNTER_STAFF),
  'Mutation.completeTicket': roles(...COUNTER_STAFF),
  'Mutation.skipTicket': roles(...COUNTER_STAFF),
  'Mutation.openCounter': roles(...COUNTER_STAFF),
  'Mutation.closeCounter': roles(...COUNTER_STAFF),
  'Mutation.submitSurvey': PUBLIC_FIELD,
  'Mutation.submitComplaint': PUBLIC_FIELD,
  'Mutation.verifyComplaint': roles(...COMPLAINT_TRANSITIONS.VERIFY.roles),
  'Mutation.reassignComplaint': roles(...COMPLAINT_TRANSITIONS.REASSIGN.roles),
  'Mutation.respondToComplaint': roles(...COMPLAINT_TRANSITIONS.RESPOND.roles),
  'Mutation.closeComplaint': roles(...COMPLAINT_TRANSITIONS.CLOSE.roles),
  'Mutation.setHoliday': roles('ADMIN'),
  'Mutation.removeHoliday': roles('ADMIN'),
  'Mutation.syncStaff': roles('ADMIN'),
  'Mutation.setOrganisationRating': roles('ADMIN'),

  // ---- subscriptions -------------------------------------------------------------------------------------------
  'Subscription.queueUpdated': PUBLIC_FIELD,
  'Subscription.ticketUpdated': PUBLIC_FIELD,
  'Subscription.complaintFiled': roles(...COMPLAINT_READERS),

  // ---- personal data and names that look like it ---------------------------------------------------------------
  'Staff.nip': roles(...STAFF_READERS),
  // Derived from the NIP's sex digit: as visible as the NIP.
  'Staff.sex': roles(...STAFF_READERS),
  'Staff.phone': staffPersonal('phone'),
  'Staff.birthDate': staffPersonal('birthDate'),
  'Complaint.complainant': personal<ComplaintView>({
    readers: 'the complainant (access token), a provincial ADMIN, and the handling agency unless anonymous',
    may: (principal, view) => seesIdentity(audienceOf(principal, view, view.heldByComplainant === true), view),
    // Tracking a complaint is public: the identity is simply absent from what the public sees.
    denied: 'mask',
  }),
  'Complainant.name': reachedThrough('Complaint.complainant'),
  'Complainant.phone': reachedThrough('Complaint.complainant'),
  'Complainant.email': reachedThrough('Complaint.complainant'),
  'Office.address': notPersonal('the published street address of a public office, not of a person'),
  'ResidentVerification.nikFound': roles(...RESIDENT_CHECKERS),
  'ResidentVerification.name': roles(...RESIDENT_CHECKERS),
  'ResidentVerification.birthDate': roles(...RESIDENT_CHECKERS),
  'AuditRecord.actor': roles('ADMIN'),
  'AuditRecord.clientAddress': roles('ADMIN'),
};

/**
 * Words that make a field look like personal data (UU 27/2022): matched against the words of a field's name, of the
 * type it returns and of the type it belongs to (camelCase and snake_case split, case ignored).
 */
export const PERSONAL_DATA_WORDS: ReadonlySet<string> = new Set([
  'phone',
  'hp',
  'mobile',
  'email',
  'birth',
  'birthdate',
  'nik',
  'nip',
  'nuptk',
  'ktp',
  'kk',
  'contact',
  'complainant',
  'respondent',
  'resident',
  'address',
  'sex',
  'gender',
  'religion',
]);

/** The words of a GraphQL name: `officerNip` -> officer, nip; `noHp` -> no, hp; `birth_date` -> birth, date. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** True when any of the names (a field's, its type's, its parent type's) has a personal-data word. */
export function looksPersonal(...names: string[]): boolean {
  return names.some((name) => wordsOf(name).some((word) => PERSONAL_DATA_WORDS.has(word)));
}
