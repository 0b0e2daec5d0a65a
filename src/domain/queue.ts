/**
 * The queue (antrian) rules of DESIGN.md, in one place: ticket states and which actions move between them, the
 * priority classes, ticket codes, and the Asia/Jakarta day that numbering restarts on.
 */

export const TICKET_STATUSES = ['WAITING', 'CALLED', 'SERVING', 'DONE', 'SKIPPED', 'CANCELLED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** UU 25/2009 art. 29: these citizens are served first. One class: FIFO among them. */
export const PRIORITY_CLASSES = ['ELDERLY', 'DISABLED', 'PREGNANT', 'CHILD'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export const QUEUE_EVENT_KINDS = [
  'TICKET_TAKEN',
  'TICKET_CALLED',
  'TICKET_RECALLED',
  'SERVING_STARTED',
  'TICKET_DONE',
  'TICKET_SKIPPED',
  'TICKET_CANCELLED',
  'COUNTER_OPENED',
  'COUNTER_CLOSED',
] as const;
export type QueueEventKind = (typeof QUEUE_EVENT_KINDS)[number];

/** What can happen to a ticket once it exists (taking it is not a transition: it creates the ticket). */
export type TicketAction = 'CALL' | 'RECALL' | 'START' | 'COMPLETE' | 'SKIP' | 'CANCEL';

interface Transition {
  from: readonly TicketStatus[];
  to: TicketStatus;
  event: QueueEventKind;
  /** The timestamp column the action sets. */
  stamp: 'called_at' | 'serving_at' | 'done_at' | 'skipped_at' | 'cancelled_at';
}

export const TRANSITIONS: Readonly<Record<TicketAction, Transition>> = {
  CALL: { from: ['WAITING'], to: 'CALLED', event: 'TICKET_CALLED', stamp: 'called_at' },
  // A recall announces a called ticket again (the citizen did not come yet); it stays CALLED.
  RECALL: { from: ['CALLED'], to: 'CALLED', event: 'TICKET_RECALLED', stamp: 'called_at' },
  START: { from: ['CALLED'], to: 'SERVING', event: 'SERVING_STARTED', stamp: 'serving_at' },
  COMPLETE: { from: ['SERVING'], to: 'DONE', event: 'TICKET_DONE', stamp: 'done_at' },
  SKIP: { from: ['CALLED'], to: 'SKIPPED', event: 'TICKET_SKIPPED', stamp: 'skipped_at' },
  CANCEL: { from: ['WAITING', 'CALLED'], to: 'CANCELLED', event: 'TICKET_CANCELLED', stamp: 'cancelled_at' },
};

export const TERMINAL_STATUSES: ReadonlySet<TicketStatus> = new Set(['DONE', 'SKIPPED', 'CANCELLED']);
/** A counter holds at most one ticket in these states. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['CALLED', 'SERVING'];

/** Numbers are three digits and restart every day per office and letter. */
export const MAX_TICKET_NUMBER = 999;

export interface Ticket {
  id: string;
  officeCode: string;
  serviceCode: string;
  /** The Asia/Jakarta day the ticket was taken, `YYYY-MM-DD`. */
  serviceDay: string;
  prefix: string;
  number: number;
  priority: PriorityClass | null;
  status: TicketStatus;
  counterId: string | null;
  issuedAt: Date;
  calledAt: Date | null;
  recallCount: number;
  servingAt: Date | null;
  doneAt: Date | null;
  skippedAt: Date | null;
  cancelledAt: Date | null;
}

/** A ticket as the schema shows it; `holderToken` is set only in `takeTicket`'s answer. */
export type TicketView = Ticket & { readonly holderToken?: string };

export interface QueueEvent {
  id: number;
  officeCode: string;
  serviceCode: string | null;
  ticketId: string | null;
  counterId: string | null;
  kind: QueueEventKind;
  at: Date;
}

/** Waiting tickets of one service at one office. */
export interface ServiceQueueCounts {
  officeCode: string;
  serviceCode: string;
  ticketPrefix: string;
  waiting: number;
  priorityWaiting: number;
}

/** An office's queue at one moment; the fields are loaded when the schema asks for them. */
export interface QueueStatusView {
  officeCode: string;
  day: string;
  asOf: Date;
  /** The change this state follows (subscriptions), or null. */
  eventId: number | null;
}

export const ticketCode = (ticket: Pick<Ticket, 'prefix' | 'number'>): string =>
  `${ticket.prefix}-${String(ticket.number).padStart(3, '0')}`;

/** Asia/Jakarta (WIB) has been UTC+7 all year since 1964: no daylight saving time (the tz database agrees). */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The Asia/Jakarta (WIB) calendar day of an instant, `YYYY-MM-DD`: the day tickets are numbered in. Arithmetic, not
 * Intl.DateTimeFormat: every ticket taken asks, and formatting through the time zone database cost ten times as much.
 */
export function jakartaDay(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes per ticket assumed at an office and service with too little history for a moving average. */
export const DEFAULT_HANDLING_MINUTES = 8;
/** How many recent completed tickets the moving average of handling time looks at. */
export const HANDLING_SAMPLE_SIZE = 20;
/** Fewer completed tickets than this, and the default handling time is used instead. */
export const HANDLING_MIN_SAMPLES = 3;

/**
 * Minutes until a citizen with `ahead` people before them is called: each open counter serving the service handles
 * one ticket per `handlingMinutes`. Null when no open counter serves the service (nobody can say).
 */
export function estimateWaitMinutes(ahead: number, handlingMinutes: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  return Math.ceil((ahead * handlingMinutes) / openCounters);
}
