/**
 * The live queue: taking tickets, counter work, queue state, and the two subscriptions.
 */
import type {
  Resolvers,
  SubscriptionQueueUpdatedArgs,
  SubscriptionResolverObject,
  SubscriptionTicketUpdatedArgs,
} from '../src/generated/graphql.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../src/context.js';
import { auditEntry } from '../src/audit/entry.js';
import type { AgencyCode, Counter } from '../src/domain/catalog.js';
import type { Principal } from '../src/domain/principal.js';
import {
  DEFAULT_HANDLING_MINUTES,
  HANDLING_MIN_SAMPLES,
  TERMINAL_STATUSES,
  estimateWaitMinutes,
  jakartaDay,
  ticketCode,
  type QueueEventKind,
  type QueueStatusView,
  type Ticket,
  type TicketAction,
} from '../src/domain/queue.js';
import { requireCounterStaff } from '../src/auth/policy.js';
import { badUserInput, forbidden, notFound } from '../src/errors.js';
import type { BusMessage } from '../src/pubsub/event-bus.js';
import { subscriptionIterator } from '../src/pubsub/subscription-iterator.js';
import { QUEUE_TOPIC, type Actor } from '../src/store/queue.js';
import type { WithinChange } from '../src/store/sql.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;
const FINISHING_KINDS: ReadonlySet<QueueEventKind> = new Set(['TICKET_DONE', 'TICKET_SKIPPED', 'TICKET_CANCELLED']);

function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? { subject: principal.subject, nip: principal.nip } : { subject: 'public', nip: null };
}

/** The relation must exist (foreign key); its absence is a bug, not a client error. */
async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new Error(`${what} is missing`);
  return found;
}

async function handlingMinutes(ctx: HubContext, officeCode: string, serviceCode: string): Promise<{ minutes: number; samples: number }> {
  const times = await ctx.loaders.handlingTimesOfOffice.load(officeCode);
  const recent = times.get(serviceCode);
  return recent !== undefined && recent.samples >= HANDLING_MIN_SAMPLES ? recent : { minutes: DEFAULT_HANDLING_MINUTES, samples: 0 };
}

async function openCounters(ctx: HubContext, officeCode: string, serviceCode: string): Promise<number> {
  return (await ctx.loaders.openCountersOfOffice.load(officeCode)).get(serviceCode) ?? 0;
}

async function queueStatusOf(ctx: HubContext, officeCode: string, eventId: number | null): Promise<QueueStatusView> {
  await required(ctx.loaders.office.load(officeCode), `office ${officeCode}`);
  const asOf = ctx.now();
  return { officeCode, day: jakartaDay(asOf), asOf, eventId };
}

/** The audit entry of a ticket's change, written last in its transaction: `ticket.<action>` with the ticket and its counter. */
function auditTicket(ctx: HubContext, info: GraphQLResolveInfo, action: string): WithinChange<Ticket> {
  return (trx, ticket) => ctx.stores.audit.record([auditEntry(ctx, info, `ticket.${action}`, ticket.id, 'ok', ticket.counterId === null ? [] : [ticket.counterId])], trx);
}

function auditCounter(ctx: HubContext, info: GraphQLResolveInfo, action: string): WithinChange<Counter> {
  return (trx, counter) => ctx.stores.audit.record([auditEntry(ctx, info, `counter.${action}`, counter.id, 'ok', [counter.officeCode])], trx);
}

const TICKET_ACTIONS: Readonly<Record<Exclude<TicketAction, 'CALL' | 'CANCEL'>, string>> = { RECALL: 'recall', START: 'start', COMPLETE: 'complete', SKIP: 'skip' };

/**
 * Officer work on a ticket: the counter's agency decides once the ticket is called; before that, the agency of its
 * service. Loaded before the transaction (neither changes under us), checked inside it on the locked rows.
 */
async function ticketAction(ctx: HubContext, info: GraphQLResolveInfo, ticketId: string, action: Exclude<TicketAction, 'CALL' | 'CANCEL'>): Promise<Ticket> {
  const before = await ctx.loaders.ticket.load(ticketId);
  if (before === null) throw notFound(`ticket ${ticketId} does not exist`);
  const service = await required(ctx.loaders.service.load(before.serviceCode), `service ${before.serviceCode}`);
  return ctx.stores.queue.transition(
    ticketId,
    action,
    (_ticket, counter) => requireCounterStaff(ctx.principal, counter?.agencyCode ?? service.agencyCode),
    actorOf(ctx.principal),
    ctx.now(),
    auditTicket(ctx, info, TICKET_ACTIONS[action]),
  );
}

const counterGuard = (ctx: HubContext) => (counter: { agencyCode: AgencyCode }) => {
  requireCounterStaff(ctx.principal, counter.agencyCode);
};

type Root = Record<PropertyKey, never>;

/** First the current state, then one message per change of the office's queue, in order. */
const queueUpdated: SubscriptionResolverObject<QueueStatusView, Root, HubContext, SubscriptionQueueUpdatedArgs> = {
  subscribe: async (_root, { officeCode }, ctx) => {
    // From the catalog snapshot, not a loader: a subscriber's own loaders would be made (and thrown away) for this one
    // read, ten thousand times when ten thousand displays connect.
    const [office] = await ctx.stores.catalog.officesByCode([officeCode]);
    if (office == null) throw notFound(`office ${officeCode} does not exist`);
    const latest = await ctx.stores.queue.latestEvent(officeCode);
    const eventId = latest?.id ?? null;
    // Shared with subscribers arriving at the same state (and so rendered once for identical subscriptions).
    const { events } = ctx;
    const current = events.currentState(QUEUE_TOPIC, officeCode, eventId, { eventId });
    // `events`, not `ctx`: the listener lives as long as the subscriber, the request's context need not.
    return subscriptionIterator<BusMessage>({
      initial: [current],
      subscribe: (push) => events.subscribe(QUEUE_TOPIC, officeCode, push),
    });
  },
  resolve: (message: BusMessage, { officeCode }, ctx) => {
    ctx.loaders = ctx.loadersForEvent(message);
    const eventId = message.body['eventId'];
    return queueStatusOf(ctx, officeCode, typeof eventId === 'number' ? eventId : null);
  },
};

/** First the ticket as it is, then whenever a change can move it; ends after its own finishing change. */
const ticketUpdated: SubscriptionResolverObject<Ticket, Root, HubContext, SubscriptionTicketUpdatedArgs> = {
  subscribe: async (_root, { id }, ctx) => {
    const ticket = await ctx.loaders.ticket.load(id);
    if (ticket === null) throw notFound(`ticket ${id} does not exist`);
    const current: BusMessage = { topic: QUEUE_TOPIC, key: ticket.officeCode, body: {} };
    if (TERMINAL_STATUSES.has(ticket.status)) {
      return subscriptionIterator<BusMessage>({ initial: [current], subscribe: (_push, end) => (end(), () => {}) });
    }
    const { events } = ctx;
    return subscriptionIterator<BusMessage>({
      initial: [current],
      subscribe: (push, end) =>
        events.subscribe(QUEUE_TOPIC, ticket.officeCode, (message) => {
          const { ticketId, serviceCode, kind } = message.body;
          // Its own changes, its service's line moving, or counters opening and closing (the estimate) concern it.
          if (ticketId !== id && serviceCode !== ticket.serviceCode && serviceCode !== null && message.body['resync'] !== true) return;
          push(message);
          if (ticketId === id && typeof kind === 'string' && FINISHING_KINDS.has(kind as QueueEventKind)) end();
        }),
    });
  },
  resolve: async (message: BusMessage, { id }, ctx) => {
    ctx.loaders = ctx.loadersForEvent(message);
    return required(ctx.loaders.ticket.load(id), `ticket ${id}`);
  },
};

export const queueResolvers: Resolvers = {
  Query: {
    queueStatus: async (_root, { officeCode }, ctx) => {
      if ((await ctx.loaders.office.load(officeCode)) === null) throw notFound(`office ${officeCode} does not exist`);
      return queueStatusOf(ctx, officeCode, null);
    },
    ticket: (_root, { id }, ctx) => ctx.loaders.ticket.load(id),
  },

  Mutation: {
    takeTicket: async (_root, { input }, ctx, info) => {
      await ctx.rateLimits.takeTicket({ principal: ctx.principal, clientAddress: ctx.clientAddress });
      const key = input.idempotencyKey ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
        throw badUserInput('idempotencyKey must be 16 to 128 letters, digits, "-" or "_" (a UUID will do)', 'input.idempotencyKey');
      }
      const scope = ctx.principal.kind === 'user' ? `user:${ctx.principal.subject}` : 'public';
      const { ticket, replayed } = await ctx.stores.queue.takeTicket({
        officeCode: input.officeCode,
        serviceCode: input.serviceCode,
        priority: input.priority ?? null,
        idempotency: key === null ? null : { scope, key },
        actor: actorOf(ctx.principal),
        now: ctx.now(),
        audit: (taken) => [auditEntry(ctx, info, 'ticket.take', taken.id, 'ok', [taken.officeCode])],
      });
      ctx.log.info({ ticket: ticket.id, office: ticket.officeCode, code: ticketCode(ticket), replayed }, 'ticket taken');
      return { ...ticket, holderToken: ctx.holderTokens.issue(ticket.id) };
    },
    cancelTicket: async (_root, { id, holderToken }, ctx, info) => {
      await ctx.rateLimits.cancelTicket({ principal: ctx.principal, clientAddress: ctx.clientAddress });
      // Same answer for an unknown ticket and a wrong token: the id alone reveals nothing.
      if (!ctx.holderTokens.verify(id, holderToken)) throw forbidden('holderToken does not match this ticket');
      return ctx.stores.queue.transition(id, 'CANCEL', () => {}, actorOf(ctx.principal), ctx.now(), auditTicket(ctx, info, 'cancel'));
    },
    callNextTicket: (_root, { counterId }, ctx, info) =>
      ctx.stores.queue.callNext(counterId, counterGuard(ctx), actorOf(ctx.principal), ctx.now(), (trx, { counter, ticket }) =>
        // Nobody waiting is recorded too: the officer asked, and the answer was no ticket.
        ctx.stores.audit.record([auditEntry(ctx, info, 'ticket.call', ticket?.id ?? null, 'ok', [counter.id])], trx),
      ),
    recallTicket: (_root, { ticketId }, ctx, info) => ticketAction(ctx, info, ticketId, 'RECALL'),
    startServing: (_root, { ticketId }, ctx, info) => ticketAction(ctx, info, ticketId, 'START'),
    completeTicket: (_root, { ticketId }, ctx, info) => ticketAction(ctx, info, ticketId, 'COMPLETE'),
    skipTicket: (_root, { ticketId }, ctx, info) => ticketAction(ctx, info, ticketId, 'SKIP'),
    openCounter: (_root, { counterId }, ctx, info) =>
      ctx.stores.queue.setCounterOpen(counterId, true, counterGuard(ctx), actorOf(ctx.principal), ctx.now(), auditCounter(ctx, info, 'open')),
    closeCounter: (_root, { counterId }, ctx, info) =>
      ctx.stores.queue.setCounterOpen(counterId, false, counterGuard(ctx), actorOf(ctx.principal), ctx.now(), auditCounter(ctx, info, 'close')),
  },

  Subscription: { queueUpdated, ticketUpdated },

  Service: {
    // From the per-day waiting counters, batched across the page: one statement for any number of services.
    // A value when the page loaded every service's figures (resolvers/service-figures.ts), else through the loader.
    waitingToday: (service, _args, ctx) => {
      const waiting = ctx.loaders.waitingTodayOfService;
      return waiting.answerFor(service.code)?.waiting ?? waiting.load(service.code).then((counts) => counts.waiting);
    },
  },

  Ticket: {
    code: (ticket) => ticketCode(ticket),
    service: (ticket, _args, ctx) => required(ctx.loaders.service.load(ticket.serviceCode), `service ${ticket.serviceCode}`),
    office: (ticket, _args, ctx) => required(ctx.loaders.office.load(ticket.officeCode), `office ${ticket.officeCode}`),
    counter: (ticket, _args, ctx) => (ticket.counterId === null ? null : ctx.loaders.counter.load(ticket.counterId)),
    position: async (ticket, _args, ctx) => {
      const ahead = await ctx.loaders.ticketsAhead.load(ticket.id);
      return ahead === null ? null : ahead + 1;
    },
    peopleAhead: (ticket, _args, ctx) => ctx.loaders.ticketsAhead.load(ticket.id),
    estimatedWaitMinutes: async (ticket, _args, ctx) => {
      const ahead = await ctx.loaders.ticketsAhead.load(ticket.id);
      if (ahead === null) return null;
      const [handling, open] = await Promise.all([
        handlingMinutes(ctx, ticket.officeCode, ticket.serviceCode),
        openCounters(ctx, ticket.officeCode, ticket.serviceCode),
      ]);
      return estimateWaitMinutes(ahead, handling.minutes, open);
    },
    yourTurn: (ticket) => ticket.status === 'CALLED',
    day: (ticket) => ticket.serviceDay,
    servingStartedAt: (ticket) => ticket.servingAt,
    finishedAt: (ticket) => ticket.doneAt ?? ticket.skippedAt ?? ticket.cancelledAt,
    holderToken: (ticket) => ticket.holderToken ?? null,
  },

  ServiceQueue: {
    service: (line, _args, ctx) => required(ctx.loaders.service.load(line.serviceCode), `service ${line.serviceCode}`),
    openCounters: (line, _args, ctx) => openCounters(ctx, line.officeCode, line.serviceCode),
    averageHandlingMinutes: async (line, _args, ctx) => Math.round((await handlingMinutes(ctx, line.officeCode, line.serviceCode)).minutes * 10) / 10,
    handlingSamples: async (line, _args, ctx) => (await handlingMinutes(ctx, line.officeCode, line.serviceCode)).samples,
    estimatedWaitMinutes: async (line, _args, ctx) => {
      const [handling, open] = await Promise.all([handlingMinutes(ctx, line.officeCode, line.serviceCode), openCounters(ctx, line.officeCode, line.serviceCode)]);
      return estimateWaitMinutes(line.waiting, handling.minutes, open);
    },
  },

  QueueEvent: {
    id: (event) => String(event.id),
    ticket: (event, _args, ctx) => (event.ticketId === null ? null : ctx.loaders.ticket.load(event.ticketId)),
    counter: (event, _args, ctx) => (event.counterId === null ? null : ctx.loaders.counter.load(event.counterId)),
  },

  QueueStatus: {
    office: (status, _args, ctx) => required(ctx.loaders.office.load(status.officeCode), `office ${status.officeCode}`),
    waiting: async (status, _args, ctx) => (await ctx.loaders.queueCountsOfOffice.load(status.officeCode)).reduce((sum, line) => sum + line.waiting, 0),
    services: (status, _args, ctx) => ctx.loaders.queueCountsOfOffice.load(status.officeCode),
    counters: (status, _args, ctx) => ctx.loaders.countersOfOffice.load(status.officeCode),
    nowServing: async (status, _args, ctx) => {
      const counters = await ctx.loaders.countersOfOffice.load(status.officeCode);
      const tickets = await Promise.all(counters.map((counter) => ctx.loaders.activeTicketOfCounter.load(counter.id)));
      return tickets.filter((ticket): ticket is Ticket => ticket !== null);
    },
    lastEvent: (status, _args, ctx) => (status.eventId === null ? null : ctx.loaders.queueEvent.load(status.eventId)),
  },

  Office: {
    queue: (office, _args, ctx) => queueStatusOf(ctx, office.code, null),
  },

  Counter: {
    nowServing: (counter, _args, ctx) => ctx.loaders.activeTicketOfCounter.load(counter.id),
  },
};
