/**
 * Prints a bearer token for development, signed with the hub's AUTH_JWT_SECRET (or the development default).
 *
 *   npm run token -- --role OFFICER --agency DISDUKCAPIL [--nip 198503152010011001] [--sub petugas-1] [--ttl 8h]
 */
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { AGENCY_CODES, isAgencyCode } from '../src/domain/catalog.js';
import { ROLES, type Role } from '../src/domain/principal.js';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> [--agency <${AGENCY_CODES.join('|')}>] [--nip <18 digits>] [--sub <subject>] [--ttl <seconds|30m|8h|7d>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseTtl(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (match === null) fail(`--ttl "${value}" is not a duration`);
  const unit = { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agency: { type: 'string' },
    nip: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
  strict: true,
});

const role = values.role?.toUpperCase();
if (role === undefined || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
const agency = values.agency?.toUpperCase();
if (agency !== undefined && !isAgencyCode(agency)) fail(`--agency must be one of ${AGENCY_CODES.join(', ')}`);
if ((role === 'OFFICER' || role === 'SUPERVISOR') && agency === undefined) fail(`a ${role} token needs --agency`);
if (values.nip !== undefined && !/^\d{18}$/.test(values.nip)) fail('--nip must be 18 digits');

let secret: string;
try {
  const tokens = loadConfig(process.env).auth.tokens;
  if (tokens.kind !== 'hs256') fail('AUTH_JWKS_URL is set: the hub verifies the OIDC issuer\'s tokens, so ask the issuer for one');
  secret = tokens.secret;
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}

const token = await signToken(secret, {
  subject: values.sub ?? `${role.toLowerCase()}${agency === undefined ? '' : `-${agency.toLowerCase()}`}`,
  role: role as Role,
  agency,
  nip: values.nip,
  ttlSeconds: parseTtl(values.ttl),
});
process.stdout.write(`${token}\n`);
