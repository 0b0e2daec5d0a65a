/**
 * Civil servants: BKD's record joined with the sector systems' assignments. Who may read whom is decided here, before
 * any source is called where the rule allows it (role, an officer's own NIP) and right after BKD's record says which
 * agency the person belongs to (agency scope). NIKs are used for joins in the loaders and never reach a field.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import type { Resolvers } from '../src/generated/graphql.js';
import type { HubContext } from '../src/context.js';
import type { AgencyCode } from '../src/domain/catalog.js';
import type { Assignment, StaffProfile, StaffRef } from '../src/domain/staff.js';
import { SKP_RATING_LABELS, skpRating } from '../src/domain/staff.js';
import { isNip, parseNip } from '../src/domain/identity.js';
import { mayReadStaff, mayReadStaffPersonalData, requireStaffReader, type User } from '../src/auth/policy.js';
import { ErrorCode, forbidden, HubError, notFound } from '../src/errors.js';
import { Edge, decodeCursor, pageInfoOf, pageSize } from '../src/paging.js';
import { searchStaff, unitsInScope } from '../src/sources/staff-directory.js';
import { parseInput } from '../src/validation.js';
import { selectsField } from '../src/lookahead.js';
import { auditFieldsOf } from '../src/audit/entry.js';
import { rethrowForClient } from '../connectors/kit/source-error.js';

const STAFF = 'staff';
const STAFF_PAGE = { defaultSize: 20, maxSize: 100 };

const nip = z.string().refine(isNip, 'must be an 18-digit NIP (birth date, appointment month, sex digit, serial)');
const staffFilter = z.object({
  workUnitId: z.string().max(64).nullish(),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullish(),
  rankCode: z.string().regex(/^(I|II|III|IV)\/[a-e]$/, 'must be a golongan/ruang like III/d').nullish(),
});

/** BKD's record, which every field beyond the NIP needs; a record that vanished mid-request is NOT_FOUND. */
async function profileOf(ref: StaffRef, ctx: HubContext): Promise<StaffProfile> {
  if (ref.profile !== null) return ref.profile;
  const profile = await ctx.loaders.staffProfile.load(ref.nip);
  if (profile === null) throw notFound(`no civil servant with NIP ${ref.nip}`);
  return profile;
}

/** Personal fields: allowed readers only, and every read is written to the audit log before the value is returned. */
async function personal<T>(ref: StaffRef, ctx: HubContext, info: GraphQLResolveInfo, read: (profile: StaffProfile) => T): Promise<T> {
  const user = requireStaffReader(ctx.principal);
  const profile = await profileOf(ref, ctx);
  const allowed = mayReadStaffPersonalData(user, { nip: ref.nip, agency: profile.workUnit?.agency ?? null });
  await ctx.loaders.audit.load({
    principal: ctx.principal,
    operation: info.operation.name?.value ?? info.fieldName,
    action: `staff.${info.fieldName}`,
    subject: ref.nip,
    fields: auditFieldsOf(info),
    outcome: allowed ? 'ok' : 'denied',
    clientAddress: ctx.clientAddress,
    requestId: ctx.requestId,
  });
  if (!allowed) throw forbidden(`${info.fieldName} is personal data: only the person, their agency's SUPERVISOR and ADMIN may read it`);
  return read(profile);
}

/**
 * Both sector systems are asked; a failing one costs its own assignments and an error naming it, not the others'.
 * Dapodik joins by NIP, which the caller gave, so it is asked at once; SATUSEHAT joins by NIK, which only BKD's
 * record holds, so it is asked once that record is in.
 */
async function assignmentsOf(ref: StaffRef, ctx: HubContext, info: GraphQLResolveInfo): Promise<Assignment[]> {
  const teaching = ctx.loaders.teachingAssignments.load({ nip: ref.nip, nik: null });
  const health = profileOf(ref, ctx).then((profile) => ctx.loaders.healthAssignments.load({ nip: ref.nip, nik: profile.nik }));
  const results = await Promise.allSettled([teaching, health]);
  const assignments: Assignment[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') assignments.push(...result.value);
    else if (result.reason instanceof HubError && (result.reason.code === ErrorCode.SourceUnavailable || result.reason.code === ErrorCode.SourceTimeout)) {
      ctx.partialErrors.add(result.reason, info.path);
    } else throw result.reason;
  }
  return assignments;
}

function withTitles(profile: { name: string; frontTitle: string | null; backTitle: string | null }): string {
  return `${profile.frontTitle ? `${profile.frontTitle} ` : ''}${profile.name}${profile.backTitle ? `, ${profile.backTitle}` : ''}`;
}

/** What a search may cover: SUPERVISORs and agency ADMINs their agency; ANALYSTs and provincial ADMINs everything. */
function searchScope(user: User, requested: AgencyCode | null | undefined): AgencyCode | null {
  if (user.role === 'OFFICER' || user.role === 'CITIZEN') throw forbidden('staff search is for SUPERVISOR, ANALYST and ADMIN');
  const own = user.role === 'ANALYST' ? null : user.agency;
  if (own === null) return requested ?? null;
  if (requested !== null && requested !== undefined && requested !== own) throw forbidden(`${user.role} of ${own} may only search ${own}'s staff`);
  return own;
}

export const staffResolvers: Resolvers = {
  Query: {
    staff: async (_root, args, ctx, info) => {
      const user = requireStaffReader(ctx.principal);
      const valid = parseInput(nip, args.nip, 'nip');
      // An officer's own record is the only one they may read: decided before BKD is asked anything.
      if (user.role === 'OFFICER' && user.nip !== valid) throw forbidden('an OFFICER may only read their own record');
      // Dapodik is read per school, not per person, so its answer says nothing about whom the caller may see: start it
      // now rather than after BKD's record (the agency check) is in. It is this request's loader, and it is only read
      // by `assignments` below if the check passes.
      if (selectsField(info, 'assignments')) ctx.loaders.teachingAssignments.load({ nip: valid, nik: null }).catch(() => {});
      const profile = await ctx.loaders.staffProfile.load(valid);
      if (profile === null) return null;
      if (!mayReadStaff(user, { nip: valid, agency: profile.workUnit?.agency ?? null })) {
        throw forbidden(`${user.role}${user.agency ? ` of ${user.agency}` : ''} may not read this civil servant's record`);
      }
      return { nip: valid, profile, summary: null };
    },

    staffSearch: async (_root, args, ctx) => {
      const user = requireStaffReader(ctx.principal);
      const agency = searchScope(user, args.filter.agency);
      const filter = parseInput(staffFilter, args.filter, 'filter');
      const first = pageSize(args.first, STAFF_PAGE);
      const cursor = args.after ? decodeCursor(STAFF, args.after, 2) : null;
      const page = await searchStaff(
        ctx.sources.connectors.bkd.staff,
        { agency, workUnitId: filter.workUnitId ?? null, name: filter.name ?? null, rankCode: filter.rankCode ?? null },
        first,
        cursor === null ? null : { name: String(cursor[0]), nip: String(cursor[1]) },
      ).catch(rethrowForClient);
      const edges = page.items.map((summary) => new Edge(STAFF, { nip: summary.nip, summary, profile: null }, (node) => [node.summary.name, node.nip]));
      return {
        edges,
        pageInfo: pageInfoOf(edges, page.hasNextPage),
        totalCount: async () => page.total,
      };
    },

    workUnits: async (_root, args, ctx) => {
      requireStaffReader(ctx.principal);
      const units = await ctx.sources.connectors.bkd.staff.workUnits().catch(rethrowForClient);
      return unitsInScope(units, { agency: args.agency ?? null, workUnitId: null });
    },
  },

  Staff: {
    name: async (ref, _args, ctx) => ref.profile?.name ?? ref.summary?.name ?? (await profileOf(ref, ctx)).name,
    fullName: async (ref, _args, ctx) => withTitles(ref.profile ?? ref.summary ?? (await profileOf(ref, ctx))),
    frontTitle: async (ref, _args, ctx) => (ref.profile ?? ref.summary ?? (await profileOf(ref, ctx))).frontTitle,
    backTitle: async (ref, _args, ctx) => (ref.profile ?? ref.summary ?? (await profileOf(ref, ctx))).backTitle,
    // The NIP carries the sex digit: no source call needed.
    sex: (ref) => parseNip(ref.nip)?.sex ?? null,
    rank: async (ref, _args, ctx) => (await profileOf(ref, ctx)).rank,
    position: async (ref, _args, ctx) => (await profileOf(ref, ctx)).position,
    workUnit: async (ref, _args, ctx) => ref.summary?.workUnit ?? (await profileOf(ref, ctx)).workUnit,
    agency: async (ref, _args, ctx) => {
      const agency = (ref.summary?.workUnit ?? (await profileOf(ref, ctx)).workUnit)?.agency ?? null;
      return agency === null ? null : ctx.loaders.agency.load(agency);
    },
    assignments: (ref, _args, ctx, info) => assignmentsOf(ref, ctx, info),
    trainings: (ref, _args, ctx) => ctx.loaders.staffTrainings.load(ref.nip),
    evaluations: (ref, _args, ctx) => ctx.loaders.staffEvaluations.load(ref.nip),
    rankHistory: (ref, _args, ctx) => ctx.loaders.staffRankHistory.load(ref.nip),
    positionHistory: (ref, _args, ctx) => ctx.loaders.staffPositionHistory.load(ref.nip),
    phone: (ref, _args, ctx, info) => personal(ref, ctx, info, (profile) => profile.phone),
    birthDate: (ref, _args, ctx, info) => personal(ref, ctx, info, (profile) => profile.birthDate ?? parseNip(ref.nip)?.birthDate ?? null),
  },

  WorkUnit: {
    agency: (unit, _args, ctx) => (unit.agency === null ? null : ctx.loaders.agency.load(unit.agency)),
  },

  Assignment: {
    agency: async (assignment, _args, ctx) => {
      const agency = await ctx.loaders.agency.load(assignment.agency);
      if (agency === null) throw new Error(`agency ${assignment.agency} is missing`);
      return agency;
    },
    office: (assignment, _args, ctx) => ctx.loaders.officeBySourceKey.load(`${assignment.agency}:${assignment.placeRef}`),
  },

  Evaluation: {
    rating: (evaluation) => skpRating(evaluation.results, evaluation.behaviour),
    ratingLabel: (evaluation) => SKP_RATING_LABELS[skpRating(evaluation.results, evaluation.behaviour)],
  },

  StaffConnection: {
    edges: (connection) => [...connection.edges],
    totalCount: (connection) => connection.totalCount(),
  },
};
