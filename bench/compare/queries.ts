/**
 * The three queries of bench/compare, as each server is asked them, and the canonical form their answers are compared
 * in:
 *
 * - Q0: the first 50 services by name, each with its agency's name.
 * - Q1: Q0 plus, per service, the tickets waiting today (Asia/Jakarta) at all its offices and the satisfaction (IKM,
 *   responses) over the last 30 days.
 * - X (cross-agency): every agency with the offices it serves in (its own and the malls where it has services) and
 *   the services offered at each office, of every agency.
 *
 * The hub's Q1 depends on how its schema exposes per-service queue and satisfaction figures; it is built from the
 * running hub's introspection ({@link hubQ1}), so that the bench follows the schema rather than guessing it.
 */

export type QueryName = 'Q0' | 'Q1' | 'X';
export const QUERY_NAMES: readonly QueryName[] = ['Q0', 'Q1', 'X'];

export const QUERY_TITLES: Record<QueryName, string> = {
  Q0: 'Q0: 50 services with agency name',
  Q1: 'Q1: Q0 + tickets waiting today + 30-day satisfaction',
  X: 'X: agencies > offices > services (cross-agency)',
};

export interface Operation {
  query: string;
  operationName: QueryName;
  variables: Record<string, unknown>;
}

export interface Period {
  from: string;
  to: string;
}

/** One service of Q0/Q1, as compared. `waitingToday`, `responses` and `ikm` only in Q1. */
export interface ServiceRow {
  code: string;
  name: string;
  agency: string;
  waitingToday?: number;
  responses?: number;
  ikm?: number | null;
}

export interface AgencyTree {
  code: string;
  name: string;
  offices: { code: string; name: string; services: string[] }[];
}

export const HUB = {
  Q0: (first: number): Operation => ({
    operationName: 'Q0',
    query: 'query Q0($first: Int!) { services(first: $first) { edges { node { code name agency { name } } } } }',
    variables: { first },
  }),
  X: (): Operation => ({
    operationName: 'X',
    query: 'query X { agencies { code name offices { code name services { code name } } } }',
    variables: {},
  }),
};

export const POSTGRAPHILE = {
  Q0: (first: number): Operation => ({
    operationName: 'Q0',
    query: `query Q0($first: Int!) { allServices(first: $first, orderBy: [NAME_ASC, CODE_ASC]) { nodes { code name agencyByAgencyCode { name } } } }`,
    variables: { first },
  }),
  // waitingToday and satisfaction are computed columns: SQL functions created by bench/compare/postgraphile-server.ts.
  Q1: (first: number, period: Period): Operation => ({
    operationName: 'Q1',
    query: `query Q1($first: Int!, $from: Date!, $to: Date!) {
      allServices(first: $first, orderBy: [NAME_ASC, CODE_ASC]) {
        nodes { code name agencyByAgencyCode { name } waitingToday satisfaction(from: $from, to: $to) { responses ikm } }
      }
    }`,
    variables: { first, ...period },
  }),
  X: (): Operation => ({
    operationName: 'X',
    query: `query X { allAgencies(orderBy: CODE_ASC) { nodes { code name offices { nodes { code name services { nodes { code name } } } } } } }`,
    variables: {},
  }),
};

export const PLAIN = {
  Q0: (first: number): Operation => ({ operationName: 'Q0', query: 'Q0', variables: { first } }),
  Q1: (first: number, period: Period): Operation => ({ operationName: 'Q1', query: 'Q1', variables: { first, ...period } }),
  X: (): Operation => ({ operationName: 'X', query: 'X', variables: {} }),
};

// ---------------------------------------------------------------------------------------------------------------
// The hub's Q1, from its schema.

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType }[];
  type: IntrospectedType;
}

/** Every type's fields and input fields: enough to find how `Service` exposes Q1's figures. */
export const HUB_TYPES_QUERY = `{ __schema { types { name fields { name args { name type { ...T } } type { ...T } } inputFields { name } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

export interface IntrospectedSchema {
  __schema: { types: { name: string; fields: IntrospectedField[] | null; inputFields: { name: string }[] | null }[] };
}

const named = (type: IntrospectedType): IntrospectedType => (type.ofType === null || type.ofType === undefined ? type : named(type.ofType));
const required = (type: IntrospectedType): boolean => type.kind === 'NON_NULL';

/**
 * Where Q1's figures are in the hub's answer. `fields`: on each service (the path to the waiting count, the
 * satisfaction field's name). `aliases`: the fallback for a schema without such fields, see {@link hubQ1Aliases}.
 */
export type HubQ1Fields = { shape: 'fields'; waitingPath: string[]; satisfaction: string } | { shape: 'aliases' };

/** How the hub's schema lets Q1 be asked, or why it cannot be asked in one operation. */
export type HubQ1 = ({ ok: true; operation: (first: number, period: Period) => Operation } & HubQ1Fields) | { ok: false; why: string };

/**
 * Q1 for the hub, from its schema. On `Service`: the waiting count is an Int field named like "waiting" (no required
 * arguments), or an object field named like "waiting"/"queue" whose type has an Int `waiting`; the satisfaction is a
 * field of type `Satisfaction` taking the period as `from`/`to` arguments or as one input object with `from` and `to`.
 */
export function hubQ1(schema: IntrospectedSchema): HubQ1 {
  const types = new Map(schema.__schema.types.map((t) => [t.name, t]));
  const fields = types.get('Service')?.fields ?? [];
  const callable = (f: IntrospectedField) => !f.args.some((a) => required(a.type));
  let waiting: { selection: string; path: string[] } | undefined;
  const scalar = fields.find((f) => /waiting/i.test(f.name) && named(f.type).name === 'Int' && callable(f));
  if (scalar !== undefined) waiting = { selection: scalar.name, path: [scalar.name] };
  for (const f of fields) {
    if (waiting !== undefined) break;
    const type = named(f.type);
    if (type.kind !== 'OBJECT' || !/waiting|queue/i.test(`${f.name} ${type.name ?? ''}`) || !callable(f)) continue;
    const inner = (types.get(type.name ?? '')?.fields ?? []).find((g) => g.name === 'waiting' && named(g.type).name === 'Int');
    if (inner !== undefined) waiting = { selection: `${f.name} { waiting }`, path: [f.name, 'waiting'] };
  }
  const satisfaction = fields.find((f) => named(f.type).name === 'Satisfaction');
  if (waiting === undefined || satisfaction === undefined) {
    const missing = [waiting === undefined ? 'waiting-today count' : null, satisfaction === undefined ? 'satisfaction field' : null].filter(Boolean).join(' and no ');
    return { ok: false, why: `the hub's Service type has no ${missing} (its fields: ${fields.map((f) => f.name).join(', ')})` };
  }
  const from = satisfaction.args.find((a) => a.name === 'from');
  const to = satisfaction.args.find((a) => a.name === 'to');
  let argumentsText: string;
  let variableType = 'Date';
  if (from !== undefined && to !== undefined) {
    variableType = named(from.type).name ?? 'Date';
    argumentsText = '(from: $from, to: $to)';
  } else {
    const objectArg = satisfaction.args.find((a) => {
      const names = (types.get(named(a.type).name ?? '')?.inputFields ?? []).map((i) => i.name);
      return names.includes('from') && names.includes('to');
    });
    if (objectArg === undefined) return { ok: false, why: `Service.${satisfaction.name} takes no period (arguments: ${satisfaction.args.map((a) => a.name).join(', ')})` };
    argumentsText = `(${objectArg.name}: { from: $from, to: $to })`;
  }
  const query = `query Q1($first: Int!, $from: ${variableType}!, $to: ${variableType}!) {
    services(first: $first) { edges { node { code name agency { name } ${waiting.selection} ${satisfaction.name}${argumentsText} { responses ikm } } } }
  }`;
  return { ok: true, shape: 'fields', waitingPath: waiting.path, satisfaction: satisfaction.name, operation: (first, period) => ({ operationName: 'Q1', query, variables: { first, ...period } }) };
}

/**
 * Q1 for a hub whose `Service` has no per-service figures, from what the schema has: the page of services, one
 * `satisfaction(filter: { serviceCode, from, to })` per service (aliases `s0`, `s1` ..., one batch in the hub's loader),
 * and every office's queue lines (`offices { queue { services { service { code } waiting } } }`), summed per service
 * by the benchmark. Needs the service codes of the page (asked first with Q0) and an alias limit above the page size.
 */
export function hubQ1Aliases(codesByFirst: ReadonlyMap<number, readonly string[]>): (first: number, period: Period) => Operation {
  return (first, period) => {
    const codes = codesByFirst.get(first) ?? [];
    const satisfactions = codes.map((code, i) => `s${i}: satisfaction(filter: { serviceCode: ${JSON.stringify(code)}, from: $from, to: $to }) { responses ikm }`).join('\n  ');
    const query = `query Q1($first: Int!, $from: Date!, $to: Date!) {
  services(first: $first) { edges { node { code name agency { name } } } }
  offices { code queue { services { service { code } waiting } } }
  ${satisfactions}
}`;
    return { operationName: 'Q1', query, variables: { first, ...period } };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Canonical forms.

type Json = Record<string, unknown>;
const object = (value: unknown, what: string): Json => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: expected an object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Json;
};
const list = (value: unknown, what: string): unknown[] => {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
};
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export type ServerName = 'hub' | 'postgraphile' | 'plain';

/** The answer of `server` to `query` in the canonical form; throws with the errors when there is no data. */
export function canonical(server: ServerName, query: QueryName, body: unknown, hubFields?: HubQ1Fields): ServiceRow[] | AgencyTree[] {
  const response = object(body, 'response');
  if (response['errors'] !== undefined) throw new Error(`${server} ${query}: ${JSON.stringify(response['errors']).slice(0, 500)}`);
  const data = object(response['data'], `${server} ${query} data`);
  if (query === 'X') {
    const agencies = server === 'postgraphile' ? list(object(data['allAgencies'], 'allAgencies')['nodes'], 'nodes') : list(data['agencies'], 'agencies');
    return agencies.map((a): AgencyTree => {
      const agency = object(a, 'agency');
      const offices = server === 'postgraphile' ? list(object(agency['offices'], 'offices')['nodes'], 'nodes') : list(agency['offices'], 'offices');
      return {
        code: String(agency['code']),
        name: String(agency['name']),
        offices: offices.map((o) => {
          const office = object(o, 'office');
          const services = server === 'postgraphile' ? list(object(office['services'], 'services')['nodes'], 'nodes') : list(office['services'], 'services');
          return { code: String(office['code']), name: String(office['name']), services: services.map((s) => String(object(s, 'service')['code'])) };
        }),
      };
    });
  }
  const nodes =
    server === 'postgraphile'
      ? list(object(data['allServices'], 'allServices')['nodes'], 'nodes')
      : list(object(data['services'], 'services')['edges'], 'edges').map((e) => object(e, 'edge')['node']);
  const fields = server === 'hub' && hubFields !== undefined ? hubFields : ({ shape: 'fields', waitingPath: ['waitingToday'], satisfaction: 'satisfaction' } as const);
  // The aliases fallback: waiting summed over every office's line of the service; satisfaction from alias s<i>.
  const waitingOfService = new Map<string, number>();
  if (query === 'Q1' && fields.shape === 'aliases') {
    for (const o of list(data['offices'], 'offices')) {
      for (const l of list(object(object(o, 'office')['queue'], 'queue')['services'], 'services')) {
        const line = object(l, 'line');
        const code = String(object(line['service'], 'service')['code']);
        waitingOfService.set(code, (waitingOfService.get(code) ?? 0) + Number(line['waiting']));
      }
    }
  }
  return nodes.map((n, i): ServiceRow => {
    const node = object(n, 'service');
    const agency = object(server === 'postgraphile' ? node['agencyByAgencyCode'] : node['agency'], 'agency');
    const row: ServiceRow = { code: String(node['code']), name: String(node['name']), agency: String(agency['name']) };
    if (query === 'Q1') {
      if (fields.shape === 'aliases') {
        const satisfaction = object(data[`s${i}`], `s${i}`);
        row.waitingToday = waitingOfService.get(row.code) ?? 0;
        row.responses = num(satisfaction['responses']) ?? Number.NaN;
        row.ikm = num(satisfaction['ikm']);
      } else {
        const satisfaction = object(node[fields.satisfaction], 'satisfaction');
        row.waitingToday = num(fields.waitingPath.reduce<unknown>((value, key) => (value as Json | null | undefined)?.[key], node)) ?? Number.NaN;
        row.responses = num(satisfaction['responses']) ?? Number.NaN;
        row.ikm = num(satisfaction['ikm']);
      }
    }
    return row;
  });
}

/**
 * Differences between two canonical answers (at most `limit`), empty when they are identical. X is compared as sets
 * (offices by code, services by code): the servers may order an office's services differently.
 */
export function differences(query: QueryName, a: ServiceRow[] | AgencyTree[], b: ServiceRow[] | AgencyTree[], limit = 5): string[] {
  const sortTree = (trees: AgencyTree[]) =>
    [...trees]
      .sort((x, y) => x.code.localeCompare(y.code))
      .map((t) => ({ ...t, offices: [...t.offices].sort((x, y) => x.code.localeCompare(y.code)).map((o) => ({ ...o, services: [...o.services].sort() })) }));
  const left = query === 'X' ? sortTree(a as AgencyTree[]) : a;
  const right = query === 'X' ? sortTree(b as AgencyTree[]) : b;
  const out: string[] = [];
  if (left.length !== right.length) out.push(`${left.length} items vs ${right.length}`);
  for (let i = 0; i < Math.min(left.length, right.length) && out.length < limit; i++) {
    const l = JSON.stringify(left[i]);
    const r = JSON.stringify(right[i]);
    if (l !== r) out.push(`#${i}: ${l.slice(0, 300)} vs ${r.slice(0, 300)}`);
  }
  return out;
}
