/**
 * One dedicated PostgreSQL connection per hub instance for LISTEN. It reconnects with backoff when the connection
 * drops (database restart, network), re-issues its LISTENs, and tells the caller, who may have missed notifications
 * while it was gone.
 */
import pg from 'pg';
import type { Logger } from '../logger.js';

export interface PgListenerOptions {
  connection: pg.ClientConfig;
  log: Logger;
  /** Called after a reconnect: notifications sent while disconnected are lost, so listeners should refresh. */
  onReconnect?: () => void;
  /** @default 250 */
  minBackoffMs?: number;
  /** @default 5_000 */
  maxBackoffMs?: number;
}

export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  private connecting: Promise<void> | null = null;
  private attempt = 0;

  constructor(private readonly options: PgListenerOptions) {}

  /** Listens on `channel`; resolves once the LISTEN is in place. Returns the function that stops listening. */
  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.ensureConnected();
    if (first && this.client !== null) await this.client.query(`listen ${pg.escapeIdentifier(channel)}`);
    return async () => {
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(channel);
        await this.client?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client !== null) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.connection);
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.options.log.warn({ err: error }, 'LISTEN connection error'));
    client.on('end', () => this.onLost(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    this.client = client;
    this.attempt = 0;
  }

  private onLost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.options.log.warn('LISTEN connection lost; reconnecting');
    const retry = () => {
      if (this.closed) return;
      const backoff = Math.min(this.options.maxBackoffMs ?? 5_000, (this.options.minBackoffMs ?? 250) * 2 ** this.attempt++);
      setTimeout(() => {
        this.ensureConnected().then(
          () => {
            this.options.log.info('LISTEN connection re-established');
            this.options.onReconnect?.();
          },
          () => retry(),
        );
      }, backoff * (0.5 + Math.random() / 2)).unref();
    };
    retry();
  }
}
