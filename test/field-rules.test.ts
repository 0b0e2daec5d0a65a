/**
 * Authorization declared per type and field (src/auth/field-rules.ts), enforced before the field's own resolver:
 * the schema walk that finds personal-looking fields without a rule, the start-up checks of the map, the agreement of
 * the map with the resolvers' record-level rules, and, against a real hub, that no alias, fragment or list gets round
 * a rule, for queries, mutations and subscriptions.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvers } from '../resolvers/index.js';
import { enforceFieldRules, FieldRuleError, personalFieldsWithoutRule, type FieldRuleMap } from '../src/auth/enforce.js';
import { FIELD_RULES, TYPE_RULES, looksPersonal, notPersonal, personal, roles, wordsOf } from '../src/auth/field-rules.js';
import { mayReadStaffPersonalData } from '../src/auth/policy.js';
import { AGENCY_CODES, type AgencyCode } from '../src/domain/catalog.js';
import { audienceOf, seesIdentity, type ComplaintView } from '../src/domain/complaints.js';
import { ROLES, type Principal, type Role } from '../src/domain/principal.js';
import type { StaffRef } from '../src/domain/staff.js';
import { createSchema } from '../src/schema.js';
import { loadTypeDefs } from '../src/type-defs.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { teachersInBkd } from '../sandbox/world/queries.js';
import { submit, untilSubscriptions } from './helpers/complaints.js';
import { connectWs, errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

/** The schema as resolvers/ builds it, before the map is applied. */
function bareSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
}

describe('the schema walk', () => {
  it('finds no field that looks like personal data without a rule of its own', () => {
    expect(personalFieldsWithoutRule(createSchema())).toEqual([]);
  });

  it('recognises personal data by the words of field and type names, and fails for one without a rule', () => {
    expect(wordsOf('officerNip')).toEqual(['officer', 'nip']);
    expect(wordsOf('noHp')).toEqual(['no', 'hp']);
    expect(wordsOf('birth_date')).toEqual(['birth', 'date']);
    expect(looksPersonal('birthDate')).toBe(true);
    expect(looksPersonal('nikFound')).toBe(true);
    expect(looksPersonal('name', 'String', 'Complainant')).toBe(true);
    // "Nipah" is not a NIP, "address" in a word of its own is.
    expect(looksPersonal('nipah')).toBe(false);
    expect(looksPersonal('homeAddress')).toBe(true);

    const schema = makeExecutableSchema({
      typeDefs: `
        type Query { person: Person, office: Place }
        type Person { name: String, mobilePhone: String, officerNip: String, contact: Contact }
        type Contact { line: String }
        type Place { address: String }`,
    });
    const rules: FieldRuleMap = { types: {}, fields: { 'Query.person': roles('ADMIN'), 'Query.office': roles('ADMIN') } };
    expect(personalFieldsWithoutRule(schema, rules)).toEqual(['Contact.line', 'Person.contact', 'Person.mobilePhone', 'Person.officerNip', 'Place.address']);
    // A public rule on a personal-looking name must say why it is not personal data.
    const explained: FieldRuleMap = {
      types: {},
      fields: {
        ...rules.fields,
        'Person.mobilePhone': personal({ readers: 'admins', may: () => false, denied: 'mask' }),
        'Person.officerNip': roles('ADMIN'),
        'Person.contact': personal({ readers: 'admins', may: () => false, denied: 'mask' }),
        'Contact.line': roles('ADMIN'),
        'Place.address': { kind: 'public', reason: null },
      },
    };
    expect(personalFieldsWithoutRule(schema, explained)).toEqual(['Place.address']);
    expect(personalFieldsWithoutRule(schema, { ...explained, fields: { ...explained.fields, 'Place.address': notPersonal('a building') } })).toEqual([]);
  });

  it('stops the hub on a root field without a rule, a rule for a missing field, or a way round a personal field', () => {
    const without = { ...FIELD_RULES };
    delete without['Mutation.callNextTicket'];
    expect(() => enforceFieldRules(bareSchema(), { types: TYPE_RULES, fields: without })).toThrow(/Mutation\.callNextTicket has no rule/);
    expect(() => enforceFieldRules(bareSchema(), { types: TYPE_RULES, fields: { ...FIELD_RULES, 'Staff.shoeSize': roles('ADMIN') } })).toThrow(FieldRuleError);
    // Masking with null is impossible on a non-null field.
    expect(() =>
      enforceFieldRules(bareSchema(), { types: TYPE_RULES, fields: { ...FIELD_RULES, 'Complaint.trackingCode': personal({ readers: 'x', may: () => false, denied: 'mask' }) } }),
    ).toThrow(/non-null/);
    // Complainant's fields are reached through Complaint.complainant only: a public way to the type would be a way round.
    const schema = makeExecutableSchema({
      typeDefs: [...loadTypeDefs(), 'extend type Query { lastComplainant: Complainant }'],
      resolvers,
    });
    expect(() => enforceFieldRules(schema, { types: TYPE_RULES, fields: { ...FIELD_RULES, 'Query.lastComplainant': roles('ADMIN') } })).toThrow(
      /Query\.lastComplainant returns Complainant without a personal rule/,
    );
  });
});

describe('the map and the resolvers agree', () => {
  const staffRule = FIELD_RULES['Staff.phone'];
  const complainantRule = FIELD_RULES['Complaint.complainant'];
  const agencies: (AgencyCode | null)[] = [null, ...AGENCY_CODES];
  const SELF = '198503152010011001';
  const OTHER = '197001011995031002';
  const users: Principal[] = ROLES.flatMap((role: Role) =>
    agencies.flatMap((agency) => [SELF, null].map((nip): Principal => ({ kind: 'user', subject: 's', role, agency, nip, expiresAt: null }))),
  );

  it('never lets the resolver show a staff member\'s personal data that the map refuses', () => {
    if (staffRule?.kind !== 'personal') throw new Error('Staff.phone must be personal');
    for (const user of users) {
      if (user.kind !== 'user') continue;
      for (const nip of [SELF, OTHER]) {
        for (const agency of agencies) {
          const resolverAllows = mayReadStaffPersonalData(user, { nip, agency });
          // Before the record is loaded (a bare NIP) and once it is (the agency known): the map is never narrower.
          const bare: StaffRef = { nip, profile: null, summary: null };
          if (resolverAllows) expect(staffRule.may(user, bare), `${user.role}/${user.agency}/${nip}/${agency}`).toBe(true);
          const known = { nip, profile: null, summary: { workUnit: agency === null ? null : { agency } } } as unknown as StaffRef;
          expect(staffRule.may(user, known)).toBe(resolverAllows);
        }
      }
    }
    expect(staffRule.may({ kind: 'public' }, { nip: SELF, profile: null, summary: null })).toBe(false);
  });

  it('decides a complainant\'s identity exactly as the complaint rules do', () => {
    if (complainantRule?.kind !== 'personal') throw new Error('Complaint.complainant must be personal');
    for (const principal of [{ kind: 'public' } as Principal, ...users]) {
      for (const agencyCode of AGENCY_CODES) {
        for (const anonymous of [false, true]) {
          for (const held of [false, true]) {
            const view = { agencyCode, anonymous, confidential: false, heldByComplainant: held } as ComplaintView;
            expect(complainantRule.may(principal, view)).toBe(seesIdentity(audienceOf(principal, view, held), view));
          }
        }
      }
    }
  });
});

describe('on a running hub', () => {
  let sandbox: Sandbox;
  let t: TestHub;
  let analyst: string;
  let teacher: { nip: string; phone: string; birthDate: string };

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestHub({ sandbox, env: { SOURCE_CACHE_TTL_MS: '0' } });
    analyst = await t.token({ role: 'ANALYST', subject: 'analyst-rules' });
    const [first] = teachersInBkd(sandbox.world);
    teacher = first!;
  });
  afterAll(async () => {
    await t.stop();
    await sandbox.stop();
  });

  describe('a personal field refused with FORBIDDEN', () => {
    const SHAPES: [string, string, (string | number)[]][] = [
      ['by plain field', 'query($nip: String!) { staff(nip: $nip) { nip phone } }', ['staff', 'phone']],
      ['by alias', 'query($nip: String!) { staff(nip: $nip) { nip mobile: phone } }', ['staff', 'mobile']],
      ['through an inline fragment', 'query($nip: String!) { staff(nip: $nip) { nip ... on Staff { phone } } }', ['staff', 'phone']],
      ['through a named fragment', 'query($nip: String!) { staff(nip: $nip) { nip ...Personal } } fragment Personal on Staff { phone }', ['staff', 'phone']],
      [
        'through a fragment on an aliased root field',
        'query($nip: String!) { record: staff(nip: $nip) { nip ...P } } fragment P on Staff { ... on Staff { dob: birthDate } }',
        ['record', 'dob'],
      ],
    ];

    it.each(SHAPES)('%s', async (_shape, query, path) => {
      const res = await t.query(query, { nip: teacher.nip }, { token: analyst });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(res.body.errors?.[0]?.path).toEqual(path);
      // The map's refusal (its message names the field's coordinate), not the resolver's: the resolver never ran.
      expect(res.body.errors?.[0]?.message).toMatch(/^Staff\.(phone|birthDate) is personal data/);
      const record = (res.body.data as Record<string, Record<string, unknown>>)[String(path[0])];
      expect(record).toMatchObject({ nip: teacher.nip, [String(path[1])]: null });
    });

    it('inside a list: every item, and no source call for any of them', async () => {
      const plain = '{ staffSearch(filter: { agency: DISDIK }, first: 5) { edges { node { nip } } } }';
      const withPersonal = '{ staffSearch(filter: { agency: DISDIK }, first: 5) { edges { node { nip phone p: phone ...B } } } } fragment B on Staff { birthDate }';
      await sandbox.reset();
      const base = await t.query(plain, undefined, { token: analyst });
      const baseCalls = sandbox.bkd!.calls.count();
      await sandbox.reset();
      const res = await t.query(withPersonal, undefined, { token: analyst });
      expect(sandbox.bkd!.calls.count()).toBe(baseCalls);
      const nodes = res.body.data.staffSearch.edges.map((e: { node: unknown }) => e.node);
      expect(nodes).toHaveLength(5);
      expect(nodes.map((n: { nip: string }) => n.nip)).toEqual(base.body.data.staffSearch.edges.map((e: { node: { nip: string } }) => e.node.nip));
      expect(nodes.every((n: Record<string, unknown>) => n['phone'] === null && n['p'] === null && n['birthDate'] === null)).toBe(true);
      expect(errorCodes(res)).toEqual(Array(15).fill('FORBIDDEN'));
      expect(new Set(res.body.errors?.map((e) => String(e.path?.[2])))).toEqual(new Set(['0', '1', '2', '3', '4']));
    });

    it('audits each refused read, as the resolver audits allowed ones', async () => {
      const before = await t.hub.database.knex('audit_log').where({ actor: 'analyst-rules', action: 'staff.phone', outcome: 'denied', subject: teacher.nip }).count<{ count: number }[]>('* as count');
      await t.query('query Peek($nip: String!) { staff(nip: $nip) { a: phone b: phone } }', { nip: teacher.nip }, { token: analyst });
      const rows = await t.hub.database.knex('audit_log').where({ actor: 'analyst-rules', action: 'staff.phone', outcome: 'denied', subject: teacher.nip }).orderBy('id');
      expect(rows.length - Number(before[0]?.count)).toBe(2);
      expect(rows.at(-1)).toMatchObject({ role: 'ANALYST', operation: 'Peek', fields: ['Staff.phone'] });
    });

    it('lets the map\'s readers through to the resolver, which narrows by agency', async () => {
      const own = await t.token({ role: 'SUPERVISOR', agency: 'DISDIK' });
      const res = await t.query('query($nip: String!) { staff(nip: $nip) { x: phone ... on Staff { birthDate } } }', { nip: teacher.nip }, { token: own });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.staff).toEqual({ x: teacher.phone, birthDate: teacher.birthDate });
      const self = await t.token({ role: 'OFFICER', agency: 'DISDIK', nip: teacher.nip });
      expect((await t.query('query($nip: String!) { staff(nip: $nip) { phone } }', { nip: teacher.nip }, { token: self })).body.data.staff.phone).toBe(teacher.phone);
    });
  });

  describe('a personal field masked with null', () => {
    it('hides the complainant from another agency\'s officer by field, alias, fragments and in a list, without auditing', async () => {
      const filed = await submit(t, {});
      const stranger = await t.token({ role: 'OFFICER', agency: 'DINKES', subject: 'officer-dinkes' });
      const res = await t.query(
        `query($code: String!) {
           complaint(trackingCode: $code) { complainant { name } who: complainant { phone } ... on Complaint { complainant { email } } ...C }
         }
         fragment C on Complaint { c: complainant { name phone email } }`,
        { code: filed.trackingCode },
        { token: stranger },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.complaint).toEqual({ complainant: null, who: null, c: null });
      const list = await t.query('{ complaints(filter: { agency: DISDUKCAPIL }, first: 20) { edges { node { trackingCode complainant { name } } } } }', undefined, {
        token: analyst,
      });
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data.complaints.edges.length).toBeGreaterThan(0);
      expect(list.body.data.complaints.edges.every((e: { node: { complainant: unknown } }) => e.node.complainant === null)).toBe(true);
      expect(await t.hub.database.knex('audit_log').where({ action: 'complaint.complainant', actor: 'officer-dinkes' }).first()).toBeUndefined();
      // The handling agency sees it.
      const handler = await t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL' });
      const handled = await t.query('query($code: String!) { complaint(trackingCode: $code) { c: complainant { name } } }', { code: filed.trackingCode }, { token: handler });
      expect(handled.body.data.complaint.c).toEqual({ name: 'Siti Aminah' });
    });
  });

  describe('role gates on root fields', () => {
    const CALLERS: { name: string; token: () => Promise<string | undefined>; role: Role | 'PUBLIC' }[] = [
      { name: 'the public', role: 'PUBLIC', token: async () => undefined },
      ...ROLES.map((role) => ({
        name: role,
        role,
        token: () => t.token({ role, ...(role === 'OFFICER' || role === 'SUPERVISOR' ? { agency: 'DISDUKCAPIL' as const } : {}) }),
      })),
    ];

    it('refuses every query and mutation to every caller the map leaves out, before anything is read or written', async () => {
      const schema = createSchema();
      const tables = ['ticket', 'queue_event', 'counter', 'service', 'holiday', 'complaint', 'audit_log'];
      const countRows = async () => Promise.all(tables.map(async (table) => Number((await t.hub.database.knex(table).count<{ c: number }[]>('* as c'))[0]?.c)));
      const before = await countRows();
      let refusals = 0;
      for (const [rootName, root] of [['Query', schema.getQueryType()], ['Mutation', schema.getMutationType()]] as const) {
        for (const field of Object.values(root?.getFields() ?? {})) {
          const rule = FIELD_RULES[`${rootName}.${field.name}`];
          if (rule?.kind !== 'roles') continue;
          const operation = `${rootName === 'Mutation' ? 'mutation' : 'query'} { ${field.name}${argumentsOf(field.args)}${selectionOf(field.type)} }`;
          for (const caller of CALLERS) {
            if (caller.role !== 'PUBLIC' && rule.roles.includes(caller.role)) continue;
            const res = await t.query(operation, undefined, { token: await caller.token() });
            expect(errorCodes(res), `${operation} as ${caller.name}`).toEqual([caller.role === 'PUBLIC' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
            expect(res.body.errors?.[0]?.message).toContain(`${rootName}.${field.name}`);
            refusals += 1;
          }
        }
      }
      expect(refusals).toBeGreaterThan(60);
      expect(await countRows()).toEqual(before);
    });

    it('refuses a subscription the same way, in its subscribe function', async () => {
      const citizen = connectWs(t.url, { token: await t.token({ role: 'CITIZEN' }) });
      const first = await firstMessage(citizen, 'subscription { complaintFiled { trackingCode } }');
      expect(first.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
      await citizen.dispose();
      const anonymous = connectWs(t.url);
      expect((await firstMessage(anonymous, 'subscription { complaintFiled { trackingCode } }')).errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      await anonymous.dispose();
    });

    it('applies field rules inside subscription payloads', async () => {
      const watchers = [
        connectWs(t.url, { token: analyst }),
        connectWs(t.url, { token: await t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL' }) }),
      ];
      const query = 'subscription { complaintFiled(agency: DISDUKCAPIL) { trackingCode complainant { name } ...F } } fragment F on Complaint { c: complainant { phone } }';
      const messages = watchers.map((ws) => firstMessage(ws, query));
      await untilSubscriptions(t, 2);
      const filed = await submit(t, {});
      const [byAnalyst, bySupervisor] = await Promise.all(messages);
      expect(byAnalyst?.data).toEqual({ complaintFiled: { trackingCode: filed.trackingCode, complainant: null, c: null } });
      expect(bySupervisor?.data).toEqual({ complaintFiled: { trackingCode: filed.trackingCode, complainant: { name: 'Siti Aminah' }, c: { phone: '081234567890' } } });
      await Promise.all(watchers.map((ws) => ws.dispose()));
    });
  });
});

interface MessageError {
  message: string;
  extensions?: Record<string, unknown>;
}

interface Message {
  data?: Record<string, unknown> | null;
  errors?: MessageError[];
}

/** The first message (or error) of a subscription. */
function firstMessage(ws: ReturnType<typeof connectWs>, query: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const stop = ws.client.subscribe(
      { query },
      {
        next: (value) => {
          resolve(value as Message);
          stop();
        },
        error: (error) => (Array.isArray(error) ? resolve({ errors: error as MessageError[] }) : reject(error)),
        complete: () => {},
      },
    );
  });
}

/** Literal arguments for a field's required arguments: enough to pass validation, so that the rule is what answers. */
function argumentsOf(args: readonly { name: string; type: GraphQLInputType; defaultValue: unknown }[]): string {
  const required = args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  return required.length === 0 ? '' : `(${required.map((arg) => `${arg.name}: ${literalFor(arg.type)}`).join(', ')})`;
}

function literalFor(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literalFor(type.ofType);
  if (isListType(type)) return `[${literalFor(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]?.name ?? '';
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${fields.map((field) => `${field.name}: ${literalFor(field.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return '1';
      case 'Boolean':
        return 'false';
      case 'Date':
        return '"2026-01-05"';
      case 'DateTime':
        return '"2026-01-05T08:00:00.000Z"';
      default:
        return '"x"';
    }
  }
  return 'null';
}

function selectionOf(type: Parameters<typeof getNamedType>[0]): string {
  return isObjectType(getNamedType(type)) ? ' { __typename }' : '';
}
