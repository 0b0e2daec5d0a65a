/**
 * Forward paging for Relay connections: page sizes and opaque cursors.
 * A cursor is base64url JSON tagged with the connection it belongs to, so that one connection's cursor handed to
 * another is a clear BAD_USER_INPUT rather than a confusing page.
 */
import { badUserInput } from './errors.js';
import type { PageInfo } from './domain/paging.js';

export interface PageSize {
  /** Used when the client gives no `first`. */
  defaultSize: number;
  /** Largest `first` accepted; more is BAD_USER_INPUT, not silently clipped. */
  maxSize: number;
}

export function pageSize(first: number | null | undefined, { defaultSize, maxSize }: PageSize): number {
  if (first === null || first === undefined) return defaultSize;
  if (!Number.isInteger(first) || first < 0 || first > maxSize) {
    throw badUserInput(`first must be between 0 and ${maxSize}`, 'first');
  }
  return first;
}

export function encodeCursor(connection: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([connection, ...position]), 'utf8').toString('base64url');
}

/** Returns the position stored in `cursor`, or throws BAD_USER_INPUT naming `after`. */
export function decodeCursor(connection: string, cursor: string, arity: number): (string | number)[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== arity + 1 ||
    decoded[0] !== connection ||
    !decoded.slice(1).every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw badUserInput(`after is not a cursor of ${connection}`, 'after');
  }
  return decoded.slice(1) as (string | number)[];
}

/**
 * An edge of a connection whose cursor is encoded when read: by a client that selects `cursor`, or by
 * {@link pageInfoOf} for the page's ends. A page of fifty whose client reads only nodes encodes two cursors, not fifty.
 */
export class Edge<T> {
  constructor(
    private readonly connection: string,
    readonly node: T,
    private readonly position: (node: T) => readonly (string | number)[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.connection, this.position(this.node));
  }
}

/** pageInfo of a forward page. */
export function pageInfoOf(edges: readonly { readonly cursor: string }[], hasNextPage: boolean): PageInfo {
  return { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}
