/**
 * The client's address, for rate limits, the per-address WebSocket cap and audit records. It is the TCP peer, unless
 * the peer is a trusted proxy (TRUSTED_PROXIES): then it is read from X-Forwarded-For, right to left, skipping the
 * trusted proxies in the chain. Only the entries our own proxies appended can be believed; whatever a client put at
 * the left of the header itself is ignored unless every hop after it is trusted. An untrusted peer's
 * X-Forwarded-For is ignored entirely, so that a client cannot choose its own address.
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** An address (`10.0.0.5`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`), as TRUSTED_PROXIES lists them. */
export interface AddressRange {
  address: string;
  /** Prefix length of a CIDR block; null for a single address. */
  prefix: number | null;
}

/** Parses one entry; null when it is neither an address nor a CIDR block. */
export function parseAddressRange(entry: string): AddressRange | null {
  const [address = '', prefixText, ...rest] = entry.trim().split('/');
  if (rest.length > 0) return null;
  const family = isIP(address);
  if (family === 0) return null;
  if (prefixText === undefined) return { address, prefix: null };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= (family === 4 ? 32 : 128) ? { address, prefix } : null;
}

/**
 * `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) is `10.0.0.5`; some balancers write a port
 * (`10.0.0.5:51234`, `[fd00::1]:51234`), which is dropped.
 */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  const withoutPort = bracketed?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(trimmed)?.[1] ?? trimmed;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(withoutPort);
  return mapped?.[1] ?? withoutPort;
}

/** A set of addresses and CIDR blocks (node:net's BlockList, which matches IPv4 and IPv6). */
export class AddressSet {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(ranges: readonly AddressRange[]) {
    this.empty = ranges.length === 0;
    for (const range of ranges) {
      const type = isIP(range.address) === 6 ? 'ipv6' : 'ipv4';
      if (range.prefix === null) this.list.addAddress(range.address, type);
      else this.list.addSubnet(range.address, range.prefix, type);
    }
  }

  has(address: string | null): boolean {
    if (this.empty || address === null) return false;
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

export class ClientAddressResolver {
  private readonly trusted: AddressSet;

  /** @param trustedProxies TRUSTED_PROXIES; empty: the TCP peer is always the client. */
  constructor(trustedProxies: readonly AddressRange[]) {
    this.trusted = new AddressSet(trustedProxies);
  }

  /** The client address of a request or WebSocket upgrade; null when the socket has none (it closed). */
  resolve(request: IncomingMessage): string | null {
    const peer = request.socket.remoteAddress;
    if (peer === undefined) return null;
    const address = normalizeAddress(peer);
    if (!this.trusted.has(address)) return address;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map(normalizeAddress)
      .filter((hop) => hop !== '');
    // Right to left: the nearest hop was appended by our proxy; stop at the first address we do not trust.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      // Not an address ("unknown"): our proxy could not tell either; the proxy itself is the best we know.
      if (isIP(hop) === 0) return address;
      if (!this.trusted.has(hop)) return hop;
    }
    // Every hop is one of ours (or there is no header): the leftmost is the best we know.
    return hops[0] ?? address;
  }
}
