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

export class EventBus {
  private readonly listeners = new Map<string, Set<BusListener>>();
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
    const id = `${topic}\u0000${key}`;
    let set = this.listeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
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
    // One object for all listeners: subscribers of one event may share what they load for it.
    for (const listener of this.listeners.get(`${message.topic}\u0000${message.key}`) ?? []) this.deliver(listener, message);
  }

  private resync(): void {
    const message = resyncMessage();
    this.log.info({ subscriptions: this.subscriberCount }, 'events may have been missed while LISTEN was down: re-announcing current state');
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

function parseMessage(value: unknown): BusMessage {
  if (typeof value !== 'object' || value === null) throw new Error('event is not an object');
  const { topic, key, body, sentAt } = value as Record<string, unknown>;
  if (typeof topic !== 'string' || typeof key !== 'string' || typeof body !== 'object' || body === null) {
    throw new Error('event lacks topic, key or body');
  }
  return { topic, key, body: body as Record<string, unknown>, ...(typeof sentAt === 'number' ? { sentAt } : {}) };
}
