/**
 * Surveys (IKM, PermenPAN-RB 14/2017) and the satisfaction figures dashboards read. Scores are computed by
 * src/domain/ikm.ts from sums the store aggregates in SQL; nothing here loads responses one by one.
 */
import { z } from 'zod';
import type { Resolvers, SatisfactionFilter as SatisfactionFilterInput } from '../src/generated/graphql.js';
import type { HubContext } from '../src/context.js';
import { auditEntry } from '../src/audit/entry.js';
import { requireRole } from '../src/auth/policy.js';
import { isNip } from '../src/domain/identity.js';
import { ANSWER_MAX, ANSWER_MIN, IKM_ELEMENTS, ikmOf, krejcieMorganSample, roundTo } from '../src/domain/ikm.js';
import type { SatisfactionFilter, SatisfactionPoint, SeriesBucket } from '../src/domain/surveys.js';
import { badUserInput, forbidden } from '../src/errors.js';
import { parseInput } from '../src/validation.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;
const MAX_SERIES_BUCKETS = 400;
const ISO_DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const surveyInput = z.object({
  serviceCode: z.string().min(1).max(40),
  officeCode: z.string().min(1).max(48).nullish(),
  ticketId: z.string().min(1).max(64).nullish(),
  holderToken: z.string().min(1).max(200).nullish(),
  answers: z
    .array(z.number().int().min(ANSWER_MIN, `each answer must be ${ANSWER_MIN} to ${ANSWER_MAX}`).max(ANSWER_MAX, `each answer must be ${ANSWER_MIN} to ${ANSWER_MAX}`))
    .length(IKM_ELEMENTS.length, `must be ${IKM_ELEMENTS.length} answers, in U1..U9 order`),
  comment: z
    .string()
    .trim()
    // PostgreSQL text cannot hold NUL; and its length check counts characters (code points), not UTF-16 units.
    .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
    .refine((v) => [...v].length <= 1_000, 'must be at most 1000 characters')
    .nullish(),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'must be 16 to 128 letters, digits, "-" or "_" (a UUID will do)').nullish(),
});

/** A period whose ends, when both are given, are in order. */
const inOrder = (period: { from?: string | null | undefined; to?: string | null | undefined }): boolean => !period.from || !period.to || period.from <= period.to;
const FROM_AFTER_TO = { message: 'from must not be after to', path: ['to'] };

const satisfactionFilter = z
  .object({
    serviceCode: z.string().max(40).nullish(),
    officeCode: z.string().max(48).nullish(),
    officerNip: z.string().refine(isNip, 'must be an 18-digit NIP').nullish(),
    from: ISO_DAY.refine(isCalendarDay, 'is not a calendar date').nullish(),
    to: ISO_DAY.refine(isCalendarDay, 'is not a calendar date').nullish(),
  })
  .refine(inOrder, FROM_AFTER_TO);

/**
 * `Service.satisfaction(from, to)`'s period, checked as the filter's `from` and `to` are. A page of fifty services asks
 * for the same period fifty times, so valid periods are remembered (a few hundred at most; refusals are not kept).
 */
class ValidPeriods {
  private readonly known = new Map<string, { from: string | null; to: string | null }>();
  private readonly schema = z
    .object({ from: satisfactionFilter.shape.from, to: satisfactionFilter.shape.to })
    .refine(inOrder, FROM_AFTER_TO);

  valid(from: string | null | undefined, to: string | null | undefined): { from: string | null; to: string | null } {
    const key = `${from ?? ''}/${to ?? ''}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const parsed = parseInput(this.schema, { from, to }, 'period');
    const period = Object.freeze({ from: parsed.from ?? null, to: parsed.to ?? null });
    if (this.known.size >= 512) this.known.clear();
    this.known.set(key, period);
    return period;
  }
}

const periods = new ValidPeriods();

/** The filter of `Service.satisfaction(from, to)`; BAD_USER_INPUT for a period that is not one. */
export function serviceSatisfactionFilter(serviceCode: string, from: string | null | undefined, to: string | null | undefined): SatisfactionFilter {
  return { agency: null, serviceCode, officeCode: null, officerNip: null, ...periods.valid(from, to) };
}

function isCalendarDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The filter as the caller may use it. Published IKM is public; per-officer figures are not: an OFFICER sees their
 * own, a SUPERVISOR (or an agency's ADMIN) their agency's officers (the filter is then confined to their agency), an
 * ANALYST or provincial ADMIN anyone's.
 */
function filterFor(ctx: HubContext, args: SatisfactionFilterInput): SatisfactionFilter {
  const valid = parseInput(satisfactionFilter, args, 'filter');
  const filter: SatisfactionFilter = {
    agency: args.agency ?? null,
    serviceCode: valid.serviceCode ?? null,
    officeCode: valid.officeCode ?? null,
    officerNip: valid.officerNip ?? null,
    from: valid.from ?? null,
    to: valid.to ?? null,
  };
  if (filter.officerNip === null) return filter;
  const user = requireRole(ctx.principal, ['OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN']);
  if (user.role === 'OFFICER') {
    if (user.nip !== filter.officerNip) throw forbidden('an OFFICER may only see their own figures');
    return filter;
  }
  if (user.role === 'ANALYST' || user.agency === null) return filter;
  if (filter.agency !== null && filter.agency !== user.agency) throw forbidden(`${user.role} of ${user.agency} may only see ${user.agency}'s officers`);
  return { ...filter, agency: user.agency };
}

/** Bucket starts from `from` to `to`, as PostgreSQL's date_trunc gives them (ISO weeks start on Monday). */
function bucketStarts(from: string, to: string, bucket: SeriesBucket): string[] {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const first = day(from);
  if (bucket === 'WEEK') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  if (bucket === 'MONTH') first.setUTCDate(1);
  const last = day(to);
  const starts: string[] = [];
  for (const cursor = first; cursor <= last; ) {
    starts.push(cursor.toISOString().slice(0, 10));
    if (starts.length > MAX_SERIES_BUCKETS) throw badUserInput(`the period has more than ${MAX_SERIES_BUCKETS} ${bucket.toLowerCase()} buckets; choose a coarser bucket`, 'bucket');
    if (bucket === 'DAY') cursor.setUTCDate(cursor.getUTCDate() + 1);
    else if (bucket === 'WEEK') cursor.setUTCDate(cursor.getUTCDate() + 7);
    else cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return starts;
}

export const surveysResolvers: Resolvers = {
  Service: {
    // The same loader as Query.satisfaction: a page of services with their satisfaction is one batch.
    // A value when the page loaded every service's figures (resolvers/service-figures.ts), else through the loader.
    satisfaction: (service, { from, to }, ctx) => {
      const filter = serviceSatisfactionFilter(service.code, from, to);
      return ctx.loaders.satisfaction.answerFor(filter) ?? ctx.loaders.satisfaction.load(filter);
    },
  },

  Query: {
    // Through the loader: several satisfaction fields in one request (aliases) still cost one statement.
    satisfaction: (_root, { filter }, ctx) => ctx.loaders.satisfaction.load(filterFor(ctx, filter)),

    satisfactionSeries: async (_root, { filter: args, bucket }, ctx) => {
      const filter = filterFor(ctx, args);
      if (filter.from === null || filter.to === null) throw badUserInput('a series needs filter.from and filter.to', filter.from === null ? 'filter.from' : 'filter.to');
      const starts = bucketStarts(filter.from, filter.to, bucket);
      const sums = await ctx.stores.surveys.elementSumsByBucket(filter, bucket);
      return starts.map((start): SatisfactionPoint => {
        const bucketSums = sums.get(start);
        return { start, responses: bucketSums?.responses ?? 0, score: bucketSums === undefined ? null : ikmOf(bucketSums) };
      });
    },
  },

  Mutation: {
    submitSurvey: async (_root, { input }, ctx, info) => {
      await ctx.rateLimits.submitSurvey({ principal: ctx.principal, clientAddress: ctx.clientAddress });
      const valid = parseInput(surveyInput, input, 'input');
      const ticketId = valid.ticketId ?? null;
      if (ticketId !== null) {
        if (!valid.holderToken) throw badUserInput('input.holderToken: required with ticketId (only the ticket holder rates it)', 'input.holderToken');
        if (!ctx.holderTokens.verify(ticketId, valid.holderToken)) throw forbidden('holderToken does not match this ticket');
      }
      const scope = ctx.principal.kind === 'user' ? `user:${ctx.principal.subject}` : 'public';
      const { response, replayed } = await ctx.stores.surveys.submit({
        serviceCode: valid.serviceCode,
        officeCode: valid.officeCode ?? null,
        ticketId,
        answers: valid.answers,
        comment: valid.comment ? valid.comment : null,
        respondent: {
          ageBand: input.respondent?.ageBand ?? null,
          sex: input.respondent?.sex ?? null,
          education: input.respondent?.education ?? null,
          occupation: input.respondent?.occupation ?? null,
        },
        idempotency: valid.idempotencyKey ? { scope, key: valid.idempotencyKey } : null,
        now: ctx.now(),
        within: (trx, survey) =>
          ctx.stores.audit.record([auditEntry(ctx, info, 'survey.submit', survey.id, 'ok', ticketId === null ? [] : [ticketId])], trx),
      });
      ctx.log.info({ survey: response.id, service: response.serviceCode, replayed }, replayed ? 'survey replayed' : 'survey submitted');
      return response;
    },
  },

  SurveyResponse: {
    service: async (survey, _args, ctx) => {
      const service = await ctx.loaders.service.load(survey.serviceCode);
      if (service === null) throw new Error(`service ${survey.serviceCode} is missing`);
      return service;
    },
    office: (survey, _args, ctx) => (survey.officeCode === null ? null : ctx.loaders.office.load(survey.officeCode)),
    answers: (survey) => [...survey.answers],
  },

  Satisfaction: {
    ikm: (view) => view.score?.converted ?? null,
    ikmUnit: (view) => (view.score === null ? null : roundTo(view.score.unit, 4)),
    grade: (view) => view.score?.grade ?? null,
    label: (view) => view.score?.label ?? null,
    elements: (view) => view.score?.elements ?? [],
    lowestElement: (view) => view.score?.lowest ?? null,
    requiredSample: (view) => (view.servedTickets === 0 ? null : krejcieMorganSample(view.servedTickets)),
    sampleSufficient: (view) => (view.servedTickets === 0 ? null : view.responses >= krejcieMorganSample(view.servedTickets)),
  },

  SatisfactionPoint: {
    ikm: (point) => point.score?.converted ?? null,
    grade: (point) => point.score?.grade ?? null,
  },

  ElementScore: {
    nrr: (score) => roundTo(score.nrr, 4),
    weighted: (score) => roundTo(score.weighted, 4),
    converted: (score) => roundTo(score.converted, 2),
  },
};
