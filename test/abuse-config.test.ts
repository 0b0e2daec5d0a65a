/**
 * The abuse-limit settings as loadConfig reads them (defaults, and errors that name the variable), and how a client
 * address is read behind TRUSTED_PROXIES: pure functions, no hub.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { ClientAddressResolver, normalizeAddress, parseAddressRange } from '../src/server/client-address.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('abuse-limit configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config.operations).toEqual({
      limits: { maxTokens: 2_000, maxDepth: 10, maxCost: 100_000, maxSubscriptionCost: 1_000, defaultListSize: 10, maxAliases: 15, maxDirectives: 20 },
      maxBatchSize: 0,
      persisted: 'allow',
    });
    expect(config.webSocket).toEqual({ connectionInitTimeoutMs: 3_000, keepAliveMs: 12_000, maxOperationsPerConnection: 20, maxConnectionsPerAddress: 100 });
    expect(config.rateLimits).toMatchObject({ ticketsPerMinute: 10, cancelsPerMinute: 10, exemptAddresses: [] });
    expect(config.http.trustedProxies).toEqual([]);
  });

  it('reads address lists with CIDR blocks, IPv4 and IPv6', () => {
    const config = loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5 ,fd00::/8', RATE_LIMIT_EXEMPT_ADDRESSES: '::1' });
    expect(config.http.trustedProxies).toEqual([
      { address: '10.0.0.0', prefix: 8 },
      { address: '192.168.1.5', prefix: null },
      { address: 'fd00::', prefix: 8 },
    ]);
    expect(config.rateLimits.exemptAddresses).toEqual([{ address: '::1', prefix: null }]);
  });

  it.each([
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES has "10.0.0.0/33", which is not an IP address or a CIDR block like 10.0.0.0/8'],
    [{ TRUSTED_PROXIES: 'proxy.internal' }, 'TRUSTED_PROXIES has "proxy.internal", which is not an IP address or a CIDR block like 10.0.0.0/8'],
    [{ RATE_LIMIT_EXEMPT_ADDRESSES: '10.0.0.1/8/1' }, 'RATE_LIMIT_EXEMPT_ADDRESSES has "10.0.0.1/8/1", which is not an IP address or a CIDR block like 10.0.0.0/8'],
    [{ PERSISTED_OPERATIONS: 'strict' }, 'PERSISTED_OPERATIONS ="strict" is not one of off, allow, require'],
    [{ GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH =1 is out of range (2..100)'],
    [{ GRAPHQL_MAX_BATCH_SIZE: 'ten' }, 'GRAPHQL_MAX_BATCH_SIZE ="ten" is not an integer from 0 to 100'],
    [{ WS_CONNECTION_INIT_TIMEOUT_MS: '0' }, 'WS_CONNECTION_INIT_TIMEOUT_MS =0 is out of range (100..60000)'],
    [{ RATE_LIMIT_TICKETS_PER_MINUTE: '0' }, 'RATE_LIMIT_TICKETS_PER_MINUTE =0 is out of range (1..100000)'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(configError(env).message).toBe(message);
  });
});

describe('client addresses behind trusted proxies', () => {
  const request = (peer: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;
  const ranges = (...entries: string[]) => entries.map((entry) => parseAddressRange(entry) ?? { address: 'invalid', prefix: null });

  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(new ClientAddressResolver([]).resolve(request('203.0.113.7', '1.2.3.4'))).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from a peer that is not trusted', () => {
    expect(new ClientAddressResolver(ranges('10.0.0.0/8')).resolve(request('203.0.113.7', '1.2.3.4'))).toBe('203.0.113.7');
  });

  it('takes the first untrusted hop from the right', () => {
    const resolver = new ClientAddressResolver(ranges('10.0.0.0/8'));
    expect(resolver.resolve(request('10.0.0.2', '198.51.100.1, 203.0.113.7'))).toBe('203.0.113.7');
    expect(resolver.resolve(request('10.0.0.2', '203.0.113.7, 10.0.0.9'))).toBe('203.0.113.7');
    expect(resolver.resolve(request('::ffff:10.0.0.2', '203.0.113.7:51234'))).toBe('203.0.113.7');
    expect(resolver.resolve(request('10.0.0.2', '[2001:db8::1]:443'))).toBe('2001:db8::1');
  });

  it('falls back to the proxy for a hop that is no address, and to the leftmost when every hop is trusted', () => {
    const resolver = new ClientAddressResolver(ranges('10.0.0.0/8'));
    expect(resolver.resolve(request('10.0.0.2', 'unknown'))).toBe('10.0.0.2');
    expect(resolver.resolve(request('10.0.0.2', '10.1.1.1, 10.0.0.9'))).toBe('10.1.1.1');
    expect(resolver.resolve(request('10.0.0.2'))).toBe('10.0.0.2');
  });

  it('normalizes IPv4-mapped IPv6 and ports', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress(' 10.0.0.5:8080 ')).toBe('10.0.0.5');
    expect(normalizeAddress('[fd00::1]')).toBe('fd00::1');
    expect(parseAddressRange('fd00::1/129')).toBeNull();
  });
});
