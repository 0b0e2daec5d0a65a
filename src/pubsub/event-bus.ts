/**
 * Hub events across instances: a change is announced with NOTIFY inside the transaction that made it (so it is sent
 * only if, and once, the change commits), every instance LISTENs on one channel, and each fans the message out in
 * process to the subscribers of its topic and key (e.g. `queue` / `MPP-KOTA-JAMBI`).
 *
 * Payloads carry ids, not data: subscribers load what they show through fresh loaders. A Redis or NATS transport
 * would relay the same messages from the event tables (they are outboxes), keeping this interface.
 */
import type { Knex } from 'knex';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';

export const EVENTS_CHANNEL = 'sepucuk_events';

export interface BusMessage {
  topic: string;
  key: string;
  body: Readonly<Record<string, unknown>>;
  /** When the change was announced (ms since the epoch, sender's clock): how pub/sub lag is measured. */
  sentAt?: number;
}

export type BusListener = (message: BusMessage) => void;

/**
 * Sent to every listener after the LISTEN connection came back: messages may have been missed, so refresh. A new
 * object per reconnection: subscribers share what they load per message object (`loadersForEvent`), and a constant
 * would serve every later resync from the first one's reads.
 */
export function resyncMessage(): BusMessage {
  return { topic: '*', key: '*', body: { resync: true } };
}

/** How long subscribers arriving with no change in between share one "current state" message. */
export const CURRENT_STATE_SHARED_MS = 1_000;

export class EventBus {
  private readonly listeners = new Map<string, Set<BusListener>>();
  /** The hub's own listeners (caches to invalidate), apart from subscriptions so that they are not counted as such. */
  private readonly watchers = new Map<string, Set<BusListener>>();
  private readonly currentStates = new Map<string, { message: BusMessage; madeAt: number }>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    /** Told, per dispatched message, how long it took from announcement to dispatch. */
    private readonly observeLag: (seconds: number) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => this.dispatch(payload), () => this.resync());
  }

  /** Calls `listener` for every message on `topic` about `key` (and for each resync); returns the unsubscribe function. */
  subscribe(topic: string, key: string, listener: BusListener): () => void {
    return this.add(this.listeners, topic, key, listener);
  }

  /**
   * Like {@link subscribe}, for the hub's own use (an in-process cache invalidated by other instances' changes):
   * called for every message on `topic` about `key` and for each resync, and not counted in {@link subscriberCount}.
   */
  watch(topic: string, key: string, listener: BusListener): () => void {
    return this.add(this.watchers, topic, key, listener);
  }

  private add(listeners: Map<string, Set<BusListener>>, topic: string, key: string, listener: BusListener): () => void {
    const id = `${topic}\u0000${key}`;
    let set = listeners.get(id);
    if (set === undefined) {
      set = new Set();
      listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(id);
    };
  }

  /**
   * The message a new subscriber starts with: its topic's current state as of the change `version` (e.g. the
   * office's latest queue event). Subscribers arriving within {@link CURRENT_STATE_SHARED_MS} of each other with
   * no change in between get the same object, and so share what is loaded and rendered for it (a thousand board
   * displays reconnecting after a restart cost one execution, not a thousand); a later one gets a fresh object.
   */
  currentState(topic: string, key: string, version: string | number | null, body: Readonly<Record<string, unknown>>): BusMessage {
    const id = `${topic}\u0000${key}\u0000${version ?? ''}`;
    const now = Date.now();
    const known = this.currentStates.get(id);
    if (known !== undefined && now - known.madeAt < CURRENT_STATE_SHARED_MS) return known.message;
    if (this.currentStates.size >= 1_000) {
      for (const [stale, entry] of this.currentStates) if (now - entry.madeAt >= CURRENT_STATE_SHARED_MS) this.currentStates.delete(stale);
    }
    const message: BusMessage = { topic, key, body };
    // Re-inserted, so that the map stays in age order and the sweep above finds the stale entries first.
    this.currentStates.delete(id);
    if (this.currentStates.size < 1_000) this.currentStates.set(id, { message, madeAt: now });
    return message;
  }

  /** Number of in-process subscriptions, for metrics and tests. */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.listeners.clear();
    this.watchers.clear();
    this.currentStates.clear();
  }

  private dispatch(payload: string): void {
    let message: BusMessage;
    try {
      message = parseMessage(JSON.parse(payload));
    } catch (error) {
      this.log.error({ err: error }, 'malformed event on the bus');
      return;
    }
    if (message.sentAt !== undefined) this.observeLag(Math.max(0, Date.now() - message.sentAt) / 1000);
    const id = `${message.topic}\u0000${message.key}`;
    // The hub's own watchers first (a cache dropped before any subscriber reads through it).
    for (const listener of this.watchers.get(id) ?? []) this.deliver(listener, message);
    // One object for all listeners: subscribers of one event may share what they load for it.
    for (const listener of this.listeners.get(id) ?? []) this.deliver(listener, message);
  }

  private resync(): void {
    const message = resyncMessage();
    this.log.info({ subscriptions: this.subscriberCount }, 'events may have been missed while LISTEN was down: re-announcing current state');
    for (const set of this.watchers.values()) for (const listener of set) this.deliver(listener, message);
    for (const set of this.listeners.values()) for (const listener of set) this.deliver(listener, message);
  }

  private deliver(listener: BusListener, message: BusMessage): void {
    try {
      listener(message);
    } catch (error) {
      this.log.error({ err: error, topic: message.topic }, 'event listener failed');
    }
  }
}

/** Announces `message` to every instance once the transaction `trx` commits (and never if it rolls back). */
export async function publishOnCommit(trx: Knex | Knex.Transaction, message: BusMessage): Promise<void> {
  await trx.raw('select pg_notify(?, ?)', [EVENTS_CHANNEL, JSON.stringify({ ...message, sentAt: Date.now() })]);
}

/**
 * What {@link publishOnCommit} sends, as a SQL expression, for a change written as one statement that announces itself.
 * `key` (text) and `body` (json) are SQL expressions over the statement's rows; one binding: sentAt, from `Date.now()`.
 */
export function publishOnCommitSql(topic: string, key: string, body: string): string {
  if (!/^[a-z][a-z-]*$/.test(topic)) throw new Error(`topic ${JSON.stringify(topic)} is not a plain name`);
  return `pg_notify('${EVENTS_CHANNEL}', json_build_object('topic', '${topic}'::text, 'key', ${key}, 'body', ${body}, 'sentAt', ?::bigint)::text)`;
}

function parseMessage(value: unknown): BusMessage {
  if (typeof value !== 'object' || value === null) throw new Error('event is not an object');
  const { topic, key, body, sentAt } = value as Record<string, unknown>;
  if (typeof topic !== 'string' || typeof key !== 'string' || typeof body !== 'object' || body === null) {
    throw new Error('event lacks topic, key or body');
  }
  return { topic, key, body: body as Record<string, unknown>, ...(typeof sentAt === 'number' ? { sentAt } : {}) };
}
