/**
 * Staff performance: a person's service record with their trainings and SKP, agency and work-unit summaries, the
 * before/after comparison of a training, and recognition rankings. Every figure is SQL over the hub's own data and
 * its copy of BKD's staff records (src/store/performance.ts, src/store/staff-copy.ts): no call to BKD per request,
 * whatever the number of staff. Who may see what is decided here before any statement runs.
 */
import { z } from 'zod';
import type { Resolvers } from '../src/generated/graphql.js';
import type { HubContext } from '../src/context.js';
import { mayReadStaff, requireAgency, requireRole, type User } from '../src/auth/policy.js';
import type { AgencyCode } from '../src/domain/catalog.js';
import { ikmOf, roundTo } from '../src/domain/ikm.js';
import {
  EMPTY_TOTALS,
  IMPACT_DEFAULT_WINDOW_DAYS,
  IMPACT_MIN_PEOPLE,
  IMPACT_MIN_SURVEYS,
  MAX_PERIOD_DAYS,
  ORGANISATION_RATING_LABELS,
  RECOGNITION_MIN_SURVEYS,
  RECOGNITION_MIN_TICKETS,
  RECOGNITION_WEIGHTS,
  checkDistribution,
  complaintsPer100Tickets,
  inconclusiveReason,
  isStaffCopyStale,
  noShowRate,
  rankCandidates,
  skpLabel,
  type ImpactSide,
  type Period,
  type StaffSyncState,
} from '../src/domain/performance.js';
import type { PerformanceSummaryView, ScopeView, ServiceImpactView } from '../src/domain/performance-views.js';
import { SKP_RATINGS, type StaffRef } from '../src/domain/staff.js';
import { forbidden, notFound, badUserInput } from '../src/errors.js';
import { Edge, decodeCursor, pageInfoOf, pageSize } from '../src/paging.js';
import { personPeriodKey } from '../src/performance-loaders.js';
import { parseInput } from '../src/validation.js';

const UNTRAINED = 'untrained';
const UNTRAINED_PAGE = { defaultSize: 20, maxSize: 100 };
const SUMMARY_READERS = ['SUPERVISOR', 'ANALYST', 'ADMIN'] as const;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value, 'is not a calendar date');

const period = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
  .refine((p) => daysBetween(p.from, p.to) < MAX_PERIOD_DAYS, { message: `must span at most ${MAX_PERIOD_DAYS} days`, path: ['to'] });

const impactInput = z
  .object({
    training: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').nullish(),
    kind: z.enum(['DIKLAT', 'KURSUS']).nullish(),
    completedFrom: day.nullish(),
    completedTo: day.nullish(),
    windowDays: z.number().int().min(7, 'must be 7 to 365').max(365, 'must be 7 to 365').nullish(),
  })
  .refine((i) => (i.training ?? null) !== null || (i.kind ?? null) !== null, { message: 'name a training, a kind of training, or both', path: ['training'] });

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

const yearsOf = (p: Period) => ({ from: Number(p.from.slice(0, 4)), to: Number(p.to.slice(0, 4)) });

/**
 * The agency a summary may cover: SUPERVISORs and agency ADMINs their own (the default); ANALYSTs and provincial
 * ADMINs any, or the whole province (null). OFFICERs and CITIZENs: FORBIDDEN.
 */
function summaryScope(ctx: HubContext, requested: AgencyCode | null | undefined): { user: User; agency: AgencyCode | null } {
  const user = requireRole(ctx.principal, [...SUMMARY_READERS]);
  const own = user.role === 'ANALYST' ? null : user.agency;
  if (own === null) return { user, agency: requested ?? null };
  if (requested !== null && requested !== undefined && requested !== own) throw forbidden(`${user.role} of ${own} may only see ${own}'s staff`);
  return { user, agency: own };
}

/** A work unit narrows the scope; it must belong to the agency in scope. */
async function withWorkUnit(ctx: HubContext, agency: AgencyCode | null, workUnitId: string | null | undefined): Promise<ScopeView> {
  if (workUnitId === null || workUnitId === undefined) return { agency, workUnitId: null };
  const id = parseInput(z.string().min(1).max(64), workUnitId, 'filter.workUnitId');
  const unit = await ctx.loaders.performance.workUnit.load(id);
  if (unit === null) throw notFound(`no work unit ${id} in the hub's copy of BKD's records`);
  if (agency !== null && unit.agency !== agency) throw forbidden(`work unit ${id} is not ${agency}'s`);
  return { agency: agency ?? unit.agency, workUnitId: id };
}

async function staffSyncState(ctx: HubContext): Promise<StaffSyncState> {
  return (
    (await ctx.loaders.performance.staffSync.load('BKD')) ?? {
      agency: 'BKD',
      lastAttemptAt: null,
      lastSuccessAt: null,
      lastErrorCode: null,
      staff: 0,
      trainings: 0,
      evaluations: 0,
    }
  );
}

/** The agency the record at hand names, without a source call when the parent already has it. */
async function agencyOfStaff(ref: StaffRef, ctx: HubContext): Promise<AgencyCode | null> {
  const known = ref.profile ?? ref.summary;
  if (known !== null) return known.workUnit?.agency ?? null;
  const copied = await ctx.loaders.performance.copiedStaff.load(ref.nip);
  if (copied !== null) return copied.workUnit.agency;
  const profile = await ctx.loaders.staffProfile.load(ref.nip);
  return profile?.workUnit?.agency ?? null;
}

function delta(after: number | null | undefined, before: number | null | undefined, digits = 2): number | null {
  return after === null || after === undefined || before === null || before === undefined ? null : roundTo(after - before, digits);
}

const ikmOfSide = (side: ImpactSide) => ikmOf(side.surveys);
const per100 = (side: ImpactSide) => (side.tickets === 0 ? null : (100 * side.complaints) / side.tickets);
const rounded = (value: number | null, digits: number) => (value === null ? null : roundTo(value, digits));

export const performanceResolvers: Resolvers = {
  Query: {
    performanceSummary: async (_root, { filter }, ctx): Promise<PerformanceSummaryView> => {
      const { agency } = summaryScope(ctx, filter.agency);
      const valid = parseInput(period, filter.period, 'filter.period');
      const scope = await withWorkUnit(ctx, agency, filter.workUnitId);
      let totals: ReturnType<PerformanceSummaryView['coverage']['totals']> | undefined;
      return {
        scope,
        period: valid,
        coverage: { scope, asOf: valid.to, totals: () => (totals ??= ctx.stores.performance.trainingCoverage(scope, valid.to)) },
      };
    },

    trainingImpact: async (_root, { input }, ctx) => {
      const { agency } = summaryScope(ctx, input.agency);
      const valid = parseInput(impactInput, input, 'input');
      const windowDays = valid.windowDays ?? IMPACT_DEFAULT_WINDOW_DAYS;
      const match = {
        name: valid.training ?? null,
        kind: valid.kind ?? null,
        agency,
        completedFrom: valid.completedFrom ?? null,
        completedTo: valid.completedTo ?? null,
        windowDays,
      };
      const totals = await ctx.stores.performance.trainingImpact(match);
      const byService: ServiceImpactView[] = [...totals.byService.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([serviceCode, sides]) => ({ serviceCode, ...sides }));
      return { training: match.name, kind: match.kind, agency, windowDays, finishers: totals.finishers, before: totals.before, after: totals.after, byService };
    },

    recognition: async (_root, { filter }, ctx) => {
      const user = requireRole(ctx.principal, ['OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN']);
      if (user.role !== 'ANALYST') requireAgency(user, filter.agency);
      if (user.role === 'OFFICER' && user.agency === null) throw forbidden('an OFFICER without an agency has no ranking to see');
      const valid = parseInput(period, filter.period, 'filter.period');
      const first = pageSize(filter.first, { defaultSize: 10, maxSize: 100 });
      const by = filter.by ?? 'OFFICER';
      const totals = await ctx.stores.performance.serviceTotals({
        population: by === 'OFFICER' ? { kind: 'staff', scope: { agency: filter.agency, workUnitId: null } } : { kind: 'counters', agency: filter.agency },
        groupBy: by,
        period: valid,
        relativeHandling: true,
      });
      const ranked = rankCandidates([...totals.entries()].map(([key, t]) => ({ key, totals: t })));
      // Per-person figures: an OFFICER sees their own entry only (with its rank); counters are not persons.
      const visible = user.role === 'OFFICER' && by === 'OFFICER' ? ranked.filter((entry) => entry.key === user.nip) : ranked.slice(0, first);
      const staff = by === 'OFFICER' ? await ctx.loaders.performance.copiedStaff.loadMany(visible.map((e) => e.key)) : [];
      return {
        agency: filter.agency,
        period: valid,
        by,
        qualified: ranked.length,
        entries: visible.map((entry, i) => {
          const copied = staff[i];
          return { ...entry, subject: by, staff: copied === undefined || copied === null || copied instanceof Error ? null : copied };
        }),
      };
    },
  },

  Mutation: {
    syncStaff: async (_root, _args, ctx) => {
      const admin = requireRole(ctx.principal, ['ADMIN']);
      if (admin.agency !== null && admin.agency !== 'BKD') throw forbidden(`the staff copy is BKD's: an ADMIN of ${admin.agency} may not sync it`);
      const outcome = await ctx.sources.staffSync.sync();
      ctx.log.info({ outcome }, 'staff sync on request');
      ctx.loaders.performance.staffSync.clearAll();
      return staffSyncState(ctx);
    },

    setOrganisationRating: async (_root, { agency, year, rating }, ctx) => {
      const admin = requireRole(ctx.principal, ['ADMIN']);
      requireAgency(admin, agency);
      if (!Number.isInteger(year) || year < 2000 || year > 2999) throw badUserInput('year must be 2000 to 2999', 'year');
      await ctx.stores.staffCopy.setOrganisationRating(agency, year, rating, admin.subject, ctx.now());
      return { agency, year, rating };
    },
  },

  Staff: {
    performance: async (ref, args, ctx) => {
      const user = requireRole(ctx.principal, ['OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN']);
      const valid = parseInput(period, args.period, 'period');
      // An officer's own figures only: decided on the NIP before anything is read.
      if (user.role === 'OFFICER' && user.nip !== ref.nip) throw forbidden('an OFFICER may only see their own performance');
      if (!mayReadStaff(user, { nip: ref.nip, agency: await agencyOfStaff(ref, ctx) })) {
        throw forbidden(`${user.role}${user.agency ? ` of ${user.agency}` : ''} may not see this civil servant's performance`);
      }
      return { nip: ref.nip, period: valid };
    },
  },

  StaffPerformance: {
    service: async (view, _args, ctx) => ({ totals: await ctx.loaders.performance.serviceTotals.load(personPeriodKey(view.nip, view.period)) }),
    evaluations: (view, _args, ctx) => ctx.loaders.performance.evaluations.load(personPeriodKey(view.nip, view.period)),
    trainings: (view, _args, ctx) => ctx.loaders.performance.trainingsEnded.load(personPeriodKey(view.nip, view.period)),
    trainingHours: async (view, _args, ctx) =>
      (await ctx.loaders.performance.trainingsEnded.load(personPeriodKey(view.nip, view.period))).reduce((sum, t) => sum + (t.hours ?? 0), 0),
    recordsAsOf: async (view, _args, ctx) => (await ctx.loaders.performance.copiedStaff.load(view.nip))?.syncedAt ?? null,
  },

  ServiceRecord: {
    ticketsServed: (view) => view.totals.done,
    ticketsSkipped: (view) => view.totals.skipped,
    medianHandlingMinutes: (view) => rounded(view.totals.medianHandlingMinutes, 2),
    p90HandlingMinutes: (view) => rounded(view.totals.p90HandlingMinutes, 2),
    noShowRate: (view) => rounded(noShowRate(view.totals), 4),
    satisfaction: (view) => ({ responses: view.totals.surveys.responses, score: ikmOf(view.totals.surveys), servedTickets: view.totals.done }),
    complaints: (view) => view.totals,
  },

  ComplaintCounts: {
    aboutTickets: (totals) => totals.complaintsAboutTickets,
    aboutServices: (totals) => totals.complaintsAboutServices,
    per100Tickets: (totals) => rounded(complaintsPer100Tickets(totals), 2),
  },

  PerformanceSummary: {
    agency: (view, _args, ctx) => (view.scope.agency === null ? null : ctx.loaders.agency.load(view.scope.agency)),
    workUnit: (view, _args, ctx) => (view.scope.workUnitId === null ? null : ctx.loaders.performance.workUnit.load(view.scope.workUnitId)),
    staff: async (view) => (await view.coverage.totals()).staff,
    service: async (view, _args, ctx) => {
      const totals = await ctx.stores.performance.serviceTotals({ population: { kind: 'staff', scope: view.scope }, groupBy: 'NONE', period: view.period, relativeHandling: false });
      return { totals: totals.get('') ?? EMPTY_TOTALS };
    },
    skp: async (view, _args, ctx) => {
      const years = yearsOf(view.period);
      const agency = view.scope.agency;
      const [counts, coverage, ratings] = await Promise.all([
        ctx.stores.performance.skpCounts(view.scope, years.from, years.to),
        view.coverage.totals(),
        agency === null ? Promise.resolve(new Map()) : ctx.stores.staffCopy.organisationRatings(agency, years.from, years.to),
      ]);
      return counts.map((c) => ({ year: c.year, counts: c.counts, staff: coverage.staff, organisationRating: ratings.get(c.year) ?? null }));
    },
    training: (view) => view.coverage,
    records: (_view, _args, ctx) => staffSyncState(ctx),
  },

  SkpDistribution: {
    evaluated: (view) => SKP_RATINGS.reduce((sum, r) => sum + view.counts[r], 0),
    notEvaluated: (view) => Math.max(0, view.staff - SKP_RATINGS.reduce((sum, r) => sum + view.counts[r], 0)),
    ratings: (view) => {
      const evaluated = SKP_RATINGS.reduce((sum, r) => sum + view.counts[r], 0);
      return SKP_RATINGS.map((rating) => ({ rating, count: view.counts[rating], evaluated }));
    },
    respectsGuidance: (view) => {
      const evaluated = SKP_RATINGS.reduce((sum, r) => sum + view.counts[r], 0);
      if (view.organisationRating === null || evaluated === 0) return null;
      return checkDistribution(view.organisationRating, view.counts).every((rule) => rule.respected);
    },
    guidance: (view) => (view.organisationRating === null ? [] : checkDistribution(view.organisationRating, view.counts)),
  },

  SkpRatingCount: {
    label: (view) => skpLabel(view.rating),
    share: (view) => (view.evaluated === 0 ? null : roundTo(view.count / view.evaluated, 4)),
  },

  DistributionRuleCheck: {
    ratings: (rule) => [...rule.ratings],
    share: (rule) => roundTo(rule.actual, 4),
  },

  TrainingCoverage: {
    staff: async (view) => (await view.totals()).staff,
    trainedLast12Months: async (view) => (await view.totals()).trainedLast12Months,
    shareTrainedLast12Months: async (view) => {
      const t = await view.totals();
      return t.staff === 0 ? null : roundTo(t.trainedLast12Months / t.staff, 4);
    },
    hoursLast12Months: async (view) => (await view.totals()).hoursLast12Months,
    hoursPerPersonLast12Months: async (view) => {
      const t = await view.totals();
      return t.staff === 0 ? null : roundTo(t.hoursLast12Months / t.staff, 2);
    },
    untrainedLast24Months: async (view) => (await view.totals()).untrainedLast24Months,
    untrainedStaff: async (view, args, ctx) => {
      const first = pageSize(args.first, UNTRAINED_PAGE);
      const cursor = args.after ? decodeCursor(UNTRAINED, args.after, 2) : null;
      const rows = await ctx.stores.staffCopy.untrained(view.scope, view.asOf, first, cursor === null ? null : { name: String(cursor[0]), nip: String(cursor[1]) });
      const edges = rows.slice(0, first).map((summary) => new Edge(UNTRAINED, { nip: summary.nip, summary, profile: null }, (node) => [node.summary.name, node.nip]));
      return {
        edges,
        pageInfo: pageInfoOf(edges, rows.length > first),
        totalCount: async () => (await view.totals()).untrainedLast24Months,
      };
    },
  },

  StaffSyncStatus: {
    stale: (state, _args, ctx) => isStaffCopyStale(state, ctx.sources.connectors.bkd.status().breaker, ctx.now(), ctx.sources.staffSyncIntervalMs),
    running: (_state, _args, ctx) => ctx.sources.staffSync.isRunning,
  },

  SourceStatus: {
    staffSync: (view, _args, ctx) => (view.agency === 'BKD' ? staffSyncState(ctx) : null),
  },

  TrainingImpact: {
    agency: (view, _args, ctx) => (view.agency === null ? null : ctx.loaders.agency.load(view.agency)),
    ikmChange: (view) => delta(ikmOfSide(view.after)?.converted, ikmOfSide(view.before)?.converted),
    medianHandlingChangeMinutes: (view) => delta(view.after.medianHandlingMinutes, view.before.medianHandlingMinutes),
    complaintsPer100TicketsChange: (view) => delta(per100(view.after), per100(view.before)),
    conclusive: (view) => inconclusiveReason(view.before, view.after) === null,
    reason: (view) => inconclusiveReason(view.before, view.after),
    minimumPeople: () => IMPACT_MIN_PEOPLE,
    minimumSurveys: () => IMPACT_MIN_SURVEYS,
  },

  ServiceImpact: {
    service: async (view, _args, ctx) => {
      const service = await ctx.loaders.service.load(view.serviceCode);
      if (service === null) throw new Error(`service ${view.serviceCode} is missing`);
      return service;
    },
    ikmChange: (view) => delta(ikmOfSide(view.after)?.converted, ikmOfSide(view.before)?.converted),
    medianHandlingChangeMinutes: (view) => delta(view.after.medianHandlingMinutes, view.before.medianHandlingMinutes),
    conclusive: (view) => inconclusiveReason(view.before, view.after) === null,
    reason: (view) => inconclusiveReason(view.before, view.after),
  },

  ImpactWindow: {
    surveys: (side) => side.surveys.responses,
    ikm: (side) => ikmOfSide(side)?.converted ?? null,
    grade: (side) => ikmOfSide(side)?.grade ?? null,
    medianHandlingMinutes: (side) => rounded(side.medianHandlingMinutes, 2),
    complaintsPer100Tickets: (side) => rounded(per100(side), 2),
  },

  Recognition: {
    agency: async (view, _args, ctx) => {
      const agency = await ctx.loaders.agency.load(view.agency);
      if (agency === null) throw new Error(`agency ${view.agency} is missing`);
      return agency;
    },
    weights: () => ({ ...RECOGNITION_WEIGHTS }),
    minimumTickets: () => RECOGNITION_MIN_TICKETS,
    minimumSurveys: () => RECOGNITION_MIN_SURVEYS,
  },

  RecognitionEntry: {
    staff: (entry) => (entry.subject === 'OFFICER' ? { nip: entry.key, summary: entry.staff, profile: null } : null),
    counter: (entry, _args, ctx) => (entry.subject === 'COUNTER' ? ctx.loaders.counter.load(entry.key) : null),
    ticketsServed: (entry) => entry.totals.done,
    surveys: (entry) => entry.totals.surveys.responses,
    ikm: (entry) => entry.ikm.converted,
    relativeHandling: (entry) => rounded(entry.totals.relativeHandling, 4),
    noShowRate: (entry) => rounded(noShowRate(entry.totals), 4),
    complaintsPer100Tickets: (entry) => rounded(complaintsPer100Tickets(entry.totals), 2),
  },

  RecognitionComponents: {
    satisfaction: (c) => roundTo(c.satisfaction, 4),
    speed: (c) => roundTo(c.speed, 4),
    attendance: (c) => roundTo(c.attendance, 4),
    complaints: (c) => roundTo(c.complaints, 4),
  },

  OrganisationRatingRecord: {
    agency: async (view, _args, ctx) => {
      const agency = await ctx.loaders.agency.load(view.agency);
      if (agency === null) throw new Error(`agency ${view.agency} is missing`);
      return agency;
    },
    label: (view) => ORGANISATION_RATING_LABELS[view.rating],
  },
};
