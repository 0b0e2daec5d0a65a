/**
 * Starts a real hub for a test: port 0, a fresh database, demo data, test configuration. Always stop it.
 */
import { loadConfig, type Config, type Environment } from '../../src/config.js';
import { startHub, type Hub, type HubOptions } from '../../src/hub.js';
import { signToken, type TokenClaims } from '../../src/auth/tokens.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { sharedSandbox } from './sandbox.js';
import type { Sandbox } from '../../sandbox/index.js';
import { graphql, type GraphQLResponse, type RequestOptions } from './graphql.js';

export interface TestHub {
  hub: Hub;
  config: Config;
  database: TestDatabase;
  /** The stand-ins this hub's sources are. */
  sandbox: Sandbox;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** A token signed with this hub's secret; one hour unless `ttlSeconds` says otherwise. */
  token(claims: Omit<TokenClaims, 'ttlSeconds' | 'subject'> & { subject?: string; ttlSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

export interface TestHubOptions extends HubOptions {
  env?: Environment;
  /** Reuse a database (e.g. to restart on the same data); by default each hub gets a fresh one. */
  database?: TestDatabase;
  /** The stand-ins to use as sources. @default the file's shared sandbox */
  sandbox?: Sandbox;
}

export function testConfig(env: Environment = {}): Config {
  // Every test client comes from 127.0.0.1: the ticket limits are lifted unless a test sets them (test/rate-limits.test.ts).
  const lifted = { RATE_LIMIT_TICKETS_PER_MINUTE: '100000', RATE_LIMIT_CANCELS_PER_MINUTE: '100000' };
  return loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent', ...lifted, ...env });
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const database = options.database ?? (await createTestDatabase());
  const sandbox = options.sandbox ?? (await sharedSandbox());
  const config: Config = { ...testConfig({ ...sandbox.env(), ...options.env }), database: database.config };
  let hub: Hub;
  try {
    hub = await startHub(config, options);
  } catch (error) {
    if (options.database === undefined) await database.drop();
    throw error;
  }
  return {
    hub,
    config,
    database,
    sandbox,
    url: hub.url,
    query: (query, variables, requestOptions) => graphql(hub.url, query, variables, requestOptions),
    token: (claims) => {
      const tokens = config.auth.tokens;
      // An OIDC hub verifies the test issuer's tokens (test/helpers/oidc.ts); this signs only with an HS256 secret.
      if (tokens.kind !== 'hs256') throw new Error('this hub verifies OIDC tokens: sign them with the test issuer (test/helpers/oidc.ts)');
      return signToken(tokens.secret, { subject: `test-${claims.role.toLowerCase()}`, ttlSeconds: 3_600, ...claims });
    },
    async stop() {
      await hub.stop();
      if (options.database === undefined) await database.drop();
    },
  };
}
