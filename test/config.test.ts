import { describe, expect, it } from 'vitest';
import { ADDED_CONNECTORS } from '../connectors/added.js';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config.js';
import { spawnHub } from './helpers/process.js';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Everything production requires: secrets, the database and the four sources. */
const PRODUCTION_SECRETS: Record<string, string | undefined> = {
  NODE_ENV: 'production',
  AUTH_JWKS_URL: 'https://sso.jambiprov.go.id/realms/asn/protocol/openid-connect/certs',
  AUTH_ISSUER: 'https://sso.jambiprov.go.id/realms/asn',
  AUTH_AUDIENCE: 'sepucuk',
  TICKET_HOLDER_SECRET: 'y'.repeat(40),
  AUDIT_PSEUDONYM_KEY: 'z'.repeat(40),
  DATABASE_URL: 'postgres://h/db',
  BKD_SIASN_URL: 'https://siasn.example/api',
  BKD_SIASN_CLIENT_ID: 'hub',
  BKD_SIASN_CLIENT_SECRET: 'secret',
  DAPODIK_URL: 'https://dapodik.example',
  DAPODIK_TOKEN: 'token',
  SATUSEHAT_URL: 'https://satusehat.example',
  SATUSEHAT_CLIENT_ID: 'hub',
  SATUSEHAT_CLIENT_SECRET: 'secret',
  DISDUKCAPIL_DATABASE_URL: 'postgres://reader@siak.example/siak',
  // Sources added with `npm run new:connector` are required in production too.
  ...Object.fromEntries(
    ADDED_CONNECTORS.flatMap((module) => [
      [module.urlVariable, `https://${module.agency.toLowerCase()}.example`],
      ...module.credentialVariables.map((variable) => [variable, 'secret']),
    ]),
  ),
};

describe('loadConfig', () => {
  it('defaults to the embedded database, port 4000 and development mode', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.port).toBe(4000);
    expect(config.database.kind).toBe('pglite');
    expect(config.database.kind === 'pglite' && config.database.dataDir).toMatch(/\.data\/pglite$/);
    expect(config.seedDemoData).toBe(true);
    expect(config.auth.tokens).toMatchObject({ kind: 'hs256', usingDevelopmentSecret: true });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DATABASE_POOL_MAX: '4' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', poolMax: 4 });
  });

  it('keeps PGlite in memory for memory://', () => {
    expect(loadConfig({ PGLITE_DATA_DIR: 'memory://' }).database).toEqual({ kind: 'pglite', dataDir: null });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /not a TCP port/],
    [{ PORT: '70000' }, 'PORT', /out of range/],
    [{ PORT: '4000.5' }, 'PORT', /not a TCP port/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /not a valid URL/],
    [{ DATABASE_URL: 'mysql://root@localhost/test' }, 'DATABASE_URL', /scheme "mysql:"/],
    [{ DATABASE_URL: 'postgres://localhost' }, 'DATABASE_URL', /names no database/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /not one of development, test, production/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /not one of/],
    [{ SEED_DEMO_DATA: 'maybe' }, 'SEED_DEMO_DATA', /not a boolean/],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET', /at least 32/],
    [{ NODE_ENV: 'production' }, 'AUTH_JWKS_URL', /must be set in production/],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET }, 'AUTH_JWT_SECRET', /refused in production/],
    [{ ...PRODUCTION_SECRETS, AUTH_JWT_SECRET: 'x'.repeat(40) }, 'AUTH_JWT_SECRET', /refused in production: HS256/],
    [{ ...PRODUCTION_SECRETS, AUTH_ISSUER: undefined }, 'AUTH_ISSUER', /must be set with AUTH_JWKS_URL/],
    [{ ...PRODUCTION_SECRETS, AUTH_AUDIENCE: undefined }, 'AUTH_AUDIENCE', /must be set with AUTH_JWKS_URL/],
    [{ ...PRODUCTION_SECRETS, AUTH_JWKS_URL: 'http://sso.jambiprov.go.id/certs' }, 'AUTH_JWKS_URL', /must use https in production/],
    [{ AUTH_JWKS_URL: 'https://sso.example/certs', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', AUTH_JWT_SECRET: 'x'.repeat(40) }, 'AUTH_JWT_SECRET', /must not be set together/],
    [{ AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL', /not a URL/],
    [{ ...PRODUCTION_SECRETS, TICKET_HOLDER_SECRET: undefined }, 'TICKET_HOLDER_SECRET', /must be set in production/],
    [{ TICKET_HOLDER_SECRET: 'short' }, 'TICKET_HOLDER_SECRET', /at least 32/],
    [{ CORS_ORIGINS: 'https://ok.example, not-an-origin' }, 'CORS_ORIGINS', /not-an-origin/],
    [{ HTTP_MAX_BODY_BYTES: '10' }, 'HTTP_MAX_BODY_BYTES', /out of range/],
    [{ ...PRODUCTION_SECRETS, AUDIT_PSEUDONYM_KEY: undefined }, 'AUDIT_PSEUDONYM_KEY', /must be set in production/],
    [{ ...PRODUCTION_SECRETS, BKD_SIASN_URL: undefined }, 'BKD_SIASN_URL', /must be set in production/],
    [{ ...PRODUCTION_SECRETS, DISDUKCAPIL_DATABASE_URL: undefined }, 'DISDUKCAPIL_DATABASE_URL', /must be set in production/],
    [{ BKD_SIASN_URL: 'https://siasn.example/api' }, 'BKD_SIASN_CLIENT_ID', /must be set when its source URL is set/],
    [{ DAPODIK_URL: 'ftp://dapodik.example' }, 'DAPODIK_URL', /not an http\(s\) URL/],
    [{ SATUSEHAT_URL: 'https://user:pw@satusehat.example' }, 'SATUSEHAT_URL', /must not carry credentials/],
    [{ DISDUKCAPIL_DATABASE_URL: 'mysql://reader@siak/db' }, 'DISDUKCAPIL_DATABASE_URL', /scheme "mysql:"/],
    [{ SOURCE_TIMEOUT_MS: '10' }, 'SOURCE_TIMEOUT_MS', /out of range/],
  ])('rejects %o naming %s', (env, variable, problem) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(problem);
    expect(error.message.startsWith(variable)).toBe(true);
  });

  it('never echoes a database URL, which may carry a password', () => {
    const error = configError({ DATABASE_URL: 'postgres://user:s3cret@' });
    expect(error.message).not.toContain('s3cret');
  });

  it('verifies tokens with the OIDC issuer\'s keys when AUTH_JWKS_URL is set', () => {
    const config = loadConfig(PRODUCTION_SECRETS);
    expect(config.auth.tokens).toEqual({
      kind: 'oidc',
      jwksUrl: 'https://sso.jambiprov.go.id/realms/asn/protocol/openid-connect/certs',
      issuer: 'https://sso.jambiprov.go.id/realms/asn',
      audience: 'sepucuk',
      jwksCooldownSeconds: 30,
    });
    // A sidecar on the same host may serve the keys over plain http.
    expect(loadConfig({ ...PRODUCTION_SECRETS, AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' }).auth.tokens).toMatchObject({ jwksUrl: 'http://127.0.0.1:8080/certs' });
  });

  it('turns off demo data, introspection and request stats in production', () => {
    const config = loadConfig(PRODUCTION_SECRETS);
    expect(config).toMatchObject({ seedDemoData: false, introspection: false, exposeRequestStats: false, host: '0.0.0.0' });
    expect(config.http.corsOrigins).toEqual([]);
  });

  it('serves sources without an endpoint from the sandbox outside production, and reads configured ones', () => {
    const config = loadConfig({ DAPODIK_URL: 'https://dapodik.jambiprov.go.id/ws', DAPODIK_TOKEN: 'token-from-the-agency' });
    expect(config.sources.bkd).toEqual({ kind: 'sandbox' });
    expect(config.sources.disdik).toEqual({ kind: 'remote', url: 'https://dapodik.jambiprov.go.id/ws', token: 'token-from-the-agency' });
    expect(config.sources).toMatchObject({ timeoutMs: 2_000, retries: 2, breakerThreshold: 5, catalogSyncIntervalSeconds: 300 });
  });
});

describe('the hub process with bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: '::nonsense::' }, 'DATABASE_URL'],
  ])('exits 1 with one line naming the variable (%o)', async (env, variable) => {
    const hub = spawnHub(env);
    expect(await hub.exited).toBe(1);
    const lines = hub.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^sepucuk: invalid configuration: ${variable}`));
  });
});
