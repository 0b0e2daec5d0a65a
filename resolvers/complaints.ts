/**
 * Complaints (SP4N-LAPOR!-style): filing and tracking, the agency's work on them, the holiday list their deadlines
 * skip, and the `complaintFiled` subscription. Who may see what of a complaint is decided per field, per caller, by
 * the rules in src/domain/complaints.ts; every read of a complainant's identity is audited.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import type { Resolvers, SubscriptionComplaintFiledArgs, SubscriptionResolverObject } from '../src/generated/graphql.js';
import type { HubContext } from '../src/context.js';
import type { AgencyCode } from '../src/domain/catalog.js';
import {
  COMPLAINT_TRANSITIONS,
  accessTokenMatches,
  audienceOf,
  complaintScope,
  deadlinesOf,
  normalizeIndonesianPhone,
  normalizeTrackingCode,
  overdueCutoffs,
  overdueStageOf,
  seesContent,
  seesIdentity,
  type Complaint,
  type ComplaintAudience,
  type ComplaintConnection,
  type ComplaintDeadlines,
  type ComplaintView,
} from '../src/domain/complaints.js';
import type { Principal } from '../src/domain/principal.js';
import { jakartaDay } from '../src/domain/queue.js';
import { addDays, startOfJakartaDay, yearsFrom, type HolidaySet } from '../src/domain/working-days.js';
import { requireRole, type User } from '../src/auth/policy.js';
import { ErrorCode, HubError, badUserInput, forbidden, notFound } from '../src/errors.js';
import { Edge, decodeCursor, pageInfoOf, pageSize } from '../src/paging.js';
import type { BusMessage } from '../src/pubsub/event-bus.js';
import { subscriptionIterator } from '../src/pubsub/subscription-iterator.js';
import type { AuditEntry } from '../src/store/audit.js';
import { auditFieldsOf } from '../src/audit/entry.js';
import {
  ALL_AGENCIES_KEY,
  COMPLAINT_TOPIC,
  type ComplaintActor,
  type ComplaintChange,
  type ComplaintPosition,
  type ComplaintQuery,
} from '../src/store/complaints.js';
import { isUuid } from '../src/store/sql.js';
import { parseInput } from '../src/validation.js';

const COMPLAINTS = 'complaints';
const COMPLAINT_PAGE = { defaultSize: 20, maxSize: 100 };
const STAFF_ROLES = ['OFFICER', 'SUPERVISOR', 'ADMIN', 'ANALYST'] as const;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;
/** Holiday years a client may ask about or set; outside them a date is a typo, not a plan. */
const YEARS = { min: 2000, max: 2100 };

// ---- input -----------------------------------------------------------------------------------------------------

/** PostgreSQL counts characters (code points), not UTF-16 units: so do the limits, or a check constraint would fire. */
const codePoints = (value: string): number => [...value].length;

/** Trimmed text of `min` to `max` characters; NUL (which PostgreSQL text cannot hold) is refused. */
function text(min: number, max: number) {
  const message = min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`;
  return z
    .string()
    .trim()
    .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
    .refine((v) => codePoints(v) >= min && codePoints(v) <= max, message);
}

/** Optional text: forms send '' for an empty field, which means absent. */
function blankable<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullish());
}

const phone = z.string().transform((value, ctx) => {
  const normalized = normalizeIndonesianPhone(value);
  if (normalized === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an Indonesian phone number: a mobile (08..., +628...) or a landline with its area code (0741...)' });
    return z.NEVER;
  }
  return normalized;
});

const complaintInput = z.object({
  serviceCode: blankable(z.string().max(40, 'must be at most 40 characters')),
  officeCode: blankable(z.string().max(48, 'must be at most 48 characters')),
  ticketId: blankable(z.string().max(64, 'must be at most 64 characters')),
  title: text(5, 150),
  body: text(10, 5_000),
  contact: z
    .object({
      name: blankable(text(1, 100)),
      phone: blankable(phone),
      email: blankable(z.string().trim().pipe(z.email('must be an email address such as nama@contoh.id').max(254, 'must be at most 254 characters'))),
    })
    .nullish(),
  anonymous: z.boolean().nullish(),
  confidential: z.boolean().nullish(),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'must be 16 to 128 letters, digits, "-" or "_" (a UUID will do)').nullish(),
});

const note = blankable(text(1, 2_000));
const reason = text(5, 500);
const responseInput = z.object({ body: text(1, 5_000) });
const holidayName = text(1, 200);

const complaintFilter = z
  .object({
    serviceCode: z.string().max(40, 'must be at most 40 characters').nullish(),
    officeCode: z.string().max(48, 'must be at most 48 characters').nullish(),
    from: z.string().nullish(),
    to: z.string().nullish(),
  })
  .loose()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before from', path: ['to'] });

function yearOf(date: string, field: string): number {
  const year = Number(date.slice(0, 4));
  if (year < YEARS.min || year > YEARS.max) throw badUserInput(`${field} must be in the years ${YEARS.min} to ${YEARS.max}`, field);
  return year;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

function actorOf(principal: Principal): ComplaintActor {
  return principal.kind === 'user' ? { subject: principal.subject, role: principal.role } : { subject: 'public', role: 'PUBLIC' };
}

function auditEntry(ctx: HubContext, info: GraphQLResolveInfo, action: string, subject: string, outcome: AuditEntry['outcome']): AuditEntry {
  return {
    principal: ctx.principal,
    operation: info.operation.name?.value ?? info.fieldName,
    action,
    subject,
    fields: auditFieldsOf(info),
    outcome,
    clientAddress: ctx.clientAddress,
    requestId: ctx.requestId,
  };
}

/** A relation that must exist (foreign key); its absence is a bug, not a client error. */
async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new Error(`${what} is missing`);
  return found;
}

function audience(ctx: HubContext, view: ComplaintView): ComplaintAudience {
  return audienceOf(ctx.principal, view, view.heldByComplainant === true);
}

async function holidaySet(ctx: HubContext, years: Iterable<number>): Promise<HolidaySet> {
  const lists = await ctx.loaders.complaints.holidaysOfYear.loadMany([...new Set(years)]);
  const days = new Set<string>();
  for (const list of lists) {
    if (list instanceof Error) throw list;
    for (const holiday of list) days.add(holiday.date);
  }
  return days;
}

/** Computed on every read from the holiday list as it is now: a holiday declared later moves open deadlines. */
async function deadlines(ctx: HubContext, complaint: Complaint): Promise<ComplaintDeadlines> {
  const years = [...yearsFrom(jakartaDay(complaint.assignedAt)), ...(complaint.verifiedAt === null ? [] : yearsFrom(jakartaDay(complaint.verifiedAt)))];
  return deadlinesOf(complaint, await holidaySet(ctx, years));
}

/** The users who may list complaints or watch them arrive, and the agency (null: all) they may see. */
function scopeOf(ctx: HubContext, requested: AgencyCode | null): { user: User; agency: AgencyCode | null } {
  const user = requireRole(ctx.principal, STAFF_ROLES);
  const scope = complaintScope(user, requested);
  if (scope === 'forbidden') {
    throw forbidden(
      user.role === 'CITIZEN' || user.agency === null
        ? 'complaints are for agency staff, ANALYST and provincial ADMIN'
        : `${user.role} of ${user.agency} may only see ${user.agency}'s complaints`,
    );
  }
  return { user, agency: scope.agency };
}

function positionOf(after: string): ComplaintPosition {
  const [at, id] = decodeCursor(COMPLAINTS, after, 2);
  const submittedAt = new Date(String(at));
  if (typeof at !== 'string' || Number.isNaN(submittedAt.getTime()) || typeof id !== 'string' || !isUuid(id)) {
    throw badUserInput(`after is not a cursor of ${COMPLAINTS}`, 'after');
  }
  return { submittedAt, id };
}

/** Provincial ADMIN only: a holiday moves every agency's deadlines, so no single agency's admin decides one. */
function requireProvincialAdmin(principal: Principal): User {
  const admin = requireRole(principal, ['ADMIN']);
  if (admin.agency !== null) throw forbidden('holidays move every agency\'s deadlines: only a provincial ADMIN (no agency claim) may change them');
  return admin;
}

/**
 * Service, office and ticket must exist, and a service must be the chosen agency's. Checked before anything is
 * written; BAD_USER_INPUT naming the field.
 */
async function checkReferences(
  ctx: HubContext,
  agency: AgencyCode,
  refs: { serviceCode: string | null; officeCode: string | null; ticketId: string | null },
): Promise<void> {
  const [service, office, ticket] = await Promise.all([
    refs.serviceCode === null ? null : ctx.loaders.service.load(refs.serviceCode),
    refs.officeCode === null ? null : ctx.loaders.office.load(refs.officeCode),
    refs.ticketId === null ? null : ctx.loaders.ticket.load(refs.ticketId),
  ]);
  if (refs.serviceCode !== null) {
    if (service === null) throw badUserInput(`input.serviceCode: there is no service ${refs.serviceCode}`, 'input.serviceCode');
    if (service.agencyCode !== agency) throw badUserInput(`input.serviceCode: ${refs.serviceCode} is a service of ${service.agencyCode}, not of ${agency}`, 'input.serviceCode');
  }
  if (refs.officeCode !== null && office === null) throw badUserInput(`input.officeCode: there is no office ${refs.officeCode}`, 'input.officeCode');
  if (refs.ticketId !== null && ticket === null) throw badUserInput('input.ticketId: there is no such ticket', 'input.ticketId');
}

/**
 * One step of an agency's work on a complaint. The role is checked first, then the arguments (`parse`), then the
 * agency on the locked row, inside the transaction (a reassignment may have just moved it). A refused attempt is
 * audited too.
 */
async function step(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  trackingCode: string,
  action: ComplaintChange['action'],
  parse: () => ComplaintChange,
): Promise<ComplaintView> {
  const user = requireRole(ctx.principal, COMPLAINT_TRANSITIONS[action].roles);
  const change = parse();
  const code = normalizeTrackingCode(trackingCode);
  if (code === null) throw notFound('there is no complaint with this tracking code');
  const audited = `complaint.${action.toLowerCase()}`;
  let complaint: Complaint;
  try {
    complaint = await ctx.stores.complaints.transition(
      code,
      change,
      (locked) => {
        if (user.agency !== locked.agencyCode) {
          throw forbidden(`complaint ${code} is ${locked.agencyCode}'s; ${user.role}${user.agency === null ? '' : ` of ${user.agency}`} may not act on it`);
        }
      },
      actorOf(user),
      ctx.now(),
      (trx, changed) => ctx.stores.audit.record([auditEntry(ctx, info, audited, changed.trackingCode, 'ok')], trx),
    );
  } catch (error) {
    if (error instanceof HubError && error.code === ErrorCode.Forbidden) await ctx.stores.audit.record([auditEntry(ctx, info, audited, code, 'denied')]);
    throw error;
  }
  // This request may have read the complaint before (an earlier field of the operation): read it afresh from here on.
  const { byId, byTrackingCode, events, responses } = ctx.loaders.complaints;
  byId.clear(complaint.id).prime(complaint.id, complaint);
  byTrackingCode.clear(complaint.trackingCode).prime(complaint.trackingCode, complaint);
  events.clear(complaint.id);
  responses.clear(complaint.id);
  ctx.log.info({ complaint: complaint.trackingCode, action: audited, agency: complaint.agencyCode, status: complaint.status }, 'complaint changed');
  return complaint;
}

const complaintCursor = (complaint: { submittedAt: Date; id: string }) => [complaint.submittedAt.toISOString(), complaint.id];

async function complaintPage(ctx: HubContext, query: ComplaintQuery, first: number, after: ComplaintPosition | null): Promise<ComplaintConnection> {
  const { complaints, hasNextPage } = await ctx.stores.complaints.page(query, first, after);
  const edges = complaints.map((node) => {
    ctx.loaders.complaints.byId.prime(node.id, node);
    return new Edge(COMPLAINTS, node, complaintCursor);
  });
  return {
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage),
    totalCount: () => ctx.stores.complaints.count(query),
  };
}

type Root = Record<PropertyKey, never>;

/**
 * Complaints as they arrive at an agency (filed, or reassigned to it). The payload is an id; each message is read
 * through loaders made for that event, and shown to each subscriber as their role allows.
 */
const complaintFiled: SubscriptionResolverObject<ComplaintView, Root, HubContext, SubscriptionComplaintFiledArgs> = {
  subscribe: (_root, args, ctx) => {
    const { agency } = scopeOf(ctx, args.agency ?? null);
    return subscriptionIterator<BusMessage>({
      // A resync after a lost LISTEN connection names no complaint: there is nothing to show for it.
      subscribe: (push) => ctx.events.subscribe(COMPLAINT_TOPIC, agency ?? ALL_AGENCIES_KEY, (message) => typeof message.body['complaintId'] === 'string' && push(message)),
    });
  },
  resolve: async (message: BusMessage, _args, ctx) => {
    ctx.loaders = ctx.loadersForEvent(message);
    const id = String(message.body['complaintId']);
    return required(ctx.loaders.complaints.byId.load(id), `complaint ${id}`);
  },
};

export const complaintsResolvers: Resolvers = {
  Query: {
    complaint: async (_root, { trackingCode, accessToken }, ctx) => {
      const code = normalizeTrackingCode(trackingCode);
      if (code === null) return null;
      const complaint = await ctx.loaders.complaints.byTrackingCode.load(code);
      if (complaint === null || accessToken === null || accessToken === undefined) return complaint;
      const hash = await ctx.stores.complaints.accessTokenHashOf(code);
      // The same answer whatever is wrong with the token: it tells nothing the public view does not.
      if (hash === null || !accessTokenMatches(accessToken, hash)) throw forbidden('accessToken does not match this complaint');
      return { ...complaint, heldByComplainant: true };
    },

    complaints: async (_root, args, ctx) => {
      const input = args.filter ?? {};
      const { agency } = scopeOf(ctx, input.agency ?? null);
      const filter = parseInput(complaintFilter, input, 'filter');
      const first = pageSize(args.first, COMPLAINT_PAGE);
      const after = args.after ? positionOf(args.after) : null;
      let overdue: ComplaintQuery['overdue'] = null;
      if (input.overdue !== null && input.overdue !== undefined) {
        const now = ctx.now();
        const year = Number(jakartaDay(now).slice(0, 4));
        // The cutoffs look a few weeks back from today: this year's holidays and last year's cover that.
        const cutoffs = overdueCutoffs(now, await holidaySet(ctx, [year - 1, year]));
        overdue = { value: input.overdue, verificationCutoff: cutoffs.verification, followUpCutoff: cutoffs.followUp };
      }
      const query: ComplaintQuery = {
        agency,
        status: input.status ?? null,
        kind: input.kind ?? null,
        serviceCode: filter.serviceCode ?? null,
        officeCode: filter.officeCode ?? null,
        submittedFrom: filter.from ? startOfJakartaDay(filter.from) : null,
        submittedBefore: filter.to ? startOfJakartaDay(addDays(filter.to, 1)) : null,
        overdue,
      };
      return complaintPage(ctx, query, first, after);
    },

    holidays: (_root, { year }, ctx) => {
      if (!Number.isInteger(year) || year < YEARS.min || year > YEARS.max) throw badUserInput(`year must be ${YEARS.min} to ${YEARS.max}`, 'year');
      return ctx.loaders.complaints.holidaysOfYear.load(year);
    },
  },

  Mutation: {
    submitComplaint: async (_root, { input }, ctx, info) => {
      await ctx.rateLimits.submitComplaint({ principal: ctx.principal, clientAddress: ctx.clientAddress });
      const valid = parseInput(complaintInput, input, 'input');
      const refs = { serviceCode: valid.serviceCode ?? null, officeCode: valid.officeCode ?? null, ticketId: valid.ticketId ?? null };
      await checkReferences(ctx, input.agency, refs);
      const key = valid.idempotencyKey ?? null;
      const { complaint, accessToken, replayed } = await ctx.stores.complaints.submit({
        draft: {
          kind: input.kind,
          agencyCode: input.agency,
          ...refs,
          title: valid.title,
          body: valid.body,
          // An anonymous complainant's contact is kept if given: only a provincial ADMIN (and they) can read it.
          contact: { name: valid.contact?.name ?? null, phone: valid.contact?.phone ?? null, email: valid.contact?.email ?? null },
          anonymous: valid.anonymous ?? false,
          confidential: valid.confidential ?? false,
        },
        idempotency: key === null ? null : { scope: ctx.principal.kind === 'user' ? `user:${ctx.principal.subject}` : 'public', key },
        actor: actorOf(ctx.principal),
        submittedBy: ctx.principal.kind === 'user' ? ctx.principal.subject : null,
        now: ctx.now(),
        within: (trx, filed) => ctx.stores.audit.record([auditEntry(ctx, info, 'complaint.submit', filed.trackingCode, 'ok')], trx),
      });
      ctx.log.info({ complaint: complaint.trackingCode, agency: complaint.agencyCode, replayed }, replayed ? 'complaint replayed' : 'complaint submitted');
      // A replay cannot repeat the token (it is not stored) and shows the complaint as the caller's role allows.
      return accessToken === null ? complaint : { ...complaint, accessToken, heldByComplainant: true };
    },

    verifyComplaint: (_root, args, ctx, info) =>
      step(ctx, info, args.trackingCode, 'VERIFY', () => ({ action: 'VERIFY', note: parseInput(note, args.note, 'note') ?? null })),
    reassignComplaint: (_root, args, ctx, info) =>
      step(ctx, info, args.trackingCode, 'REASSIGN', () => ({ action: 'REASSIGN', to: args.agency, reason: parseInput(reason, args.reason, 'reason') })),
    respondToComplaint: (_root, args, ctx, info) =>
      step(ctx, info, args.trackingCode, 'RESPOND', () => ({ action: 'RESPOND', body: parseInput(responseInput, args.input, 'input').body })),
    closeComplaint: (_root, args, ctx, info) =>
      step(ctx, info, args.trackingCode, 'CLOSE', () => ({ action: 'CLOSE', note: parseInput(note, args.note, 'note') ?? null })),

    setHoliday: async (_root, { date, name }, ctx, info) => {
      requireProvincialAdmin(ctx.principal);
      const year = yearOf(date, 'date');
      const holiday = await ctx.stores.holidays.set({ date, name: parseInput(holidayName, name, 'name') }, (trx) =>
        ctx.stores.audit.record([auditEntry(ctx, info, 'holiday.set', date, 'ok')], trx),
      );
      ctx.loaders.complaints.holidaysOfYear.clear(year);
      ctx.log.info({ date }, 'holiday set');
      return holiday;
    },
    removeHoliday: async (_root, { date }, ctx, info) => {
      requireProvincialAdmin(ctx.principal);
      const year = yearOf(date, 'date');
      const removed = await ctx.stores.holidays.remove(date, (trx) => ctx.stores.audit.record([auditEntry(ctx, info, 'holiday.remove', date, 'ok')], trx));
      ctx.loaders.complaints.holidaysOfYear.clear(year);
      ctx.log.info({ date, removed }, 'holiday removed');
      return removed;
    },
  },

  Subscription: { complaintFiled },

  Complaint: {
    accessToken: (view) => view.accessToken ?? null,
    agency: (view, _args, ctx) => required(ctx.loaders.agency.load(view.agencyCode), `agency ${view.agencyCode}`),
    service: (view, _args, ctx) => (view.serviceCode === null ? null : ctx.loaders.service.load(view.serviceCode)),
    office: (view, _args, ctx) => (view.officeCode === null ? null : ctx.loaders.office.load(view.officeCode)),
    title: (view, _args, ctx) => (seesContent(audience(ctx, view), view) ? view.title : null),
    body: (view, _args, ctx) => (seesContent(audience(ctx, view), view) ? view.body : null),
    complainant: async (view, _args, ctx, info) => {
      if (!seesIdentity(audience(ctx, view), view)) return null;
      const { name, phone, email } = view.contact;
      if (name === null && phone === null && email === null) return null;
      await ctx.loaders.audit.load(auditEntry(ctx, info, 'complaint.complainant', view.trackingCode, 'ok'));
      return { name, phone, email };
    },
    verificationDue: async (view, _args, ctx) => (await deadlines(ctx, view)).verificationDue,
    followUpDue: async (view, _args, ctx) => (await deadlines(ctx, view)).followUpDue,
    overdue: async (view, _args, ctx) => overdueStageOf(view, await deadlines(ctx, view), ctx.now()) !== null,
    overdueStage: async (view, _args, ctx) => overdueStageOf(view, await deadlines(ctx, view), ctx.now()),
    responses: async (view, _args, ctx) => (seesContent(audience(ctx, view), view) ? ctx.loaders.complaints.responses.load(view.id) : []),
    history: async (view, _args, ctx) => {
      const entries = await ctx.loaders.complaints.events.load(view.id);
      return seesContent(audience(ctx, view), view) ? entries : entries.map((entry) => ({ ...entry, note: null }));
    },
  },

  ComplaintEvent: {
    agency: (entry, _args, ctx) => required(ctx.loaders.agency.load(entry.agencyCode), `agency ${entry.agencyCode}`),
    toAgency: (entry, _args, ctx) => (entry.toAgency === null ? null : ctx.loaders.agency.load(entry.toAgency)),
  },

  ComplaintResponse: {
    agency: (reply, _args, ctx) => required(ctx.loaders.agency.load(reply.agencyCode), `agency ${reply.agencyCode}`),
  },

  ComplaintConnection: {
    edges: (connection) => [...connection.edges],
    totalCount: (connection) => connection.totalCount(),
  },
};
