/**
 * Limits on graphql-ws connections, besides those graphql-ws enforces itself (4400 malformed message, 4401 subscribe
 * before `connection_init`, 4406 wrong subprotocol, 4408 no `connection_init` in time, 4409 duplicate operation id,
 * 4429 a second `connection_init`): open sockets per client address, and operations at once per socket.
 */
import { ErrorCode, HubError } from '../errors.js';

/** Close codes of our own, in the 4400-4499 range graphql-ws uses for client faults, clear of its codes. */
export const HubCloseCode = {
  /** The client's address has WS_MAX_CONNECTIONS_PER_ADDRESS sockets open on this instance already. */
  TooManyConnections: 4430,
} as const;

/** Open sockets per client address on this instance. */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  /** @param max open sockets allowed per address (WS_MAX_CONNECTIONS_PER_ADDRESS). */
  constructor(private readonly max: number) {}

  /** Counts a new socket from `address`; false (and nothing counted) when the address is at its limit. */
  tryOpen(address: string | null): boolean {
    const key = address ?? 'unknown';
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  /** Forgets a socket counted by {@link tryOpen}. */
  closed(address: string | null): void {
    const key = address ?? 'unknown';
    const count = (this.open.get(key) ?? 0) - 1;
    if (count > 0) this.open.set(key, count);
    else this.open.delete(key);
  }
}

/** The error for one `subscribe` over the per-socket limit; the socket and its other operations stay. */
export function tooManyOperations(max: number): HubError {
  return new HubError(
    ErrorCode.RateLimited,
    `too many operations at once on this connection: at most ${max} (WS_MAX_OPERATIONS_PER_CONNECTION); complete one first or open another connection`,
    { details: { limit: 'operationsPerConnection', max } },
  );
}
