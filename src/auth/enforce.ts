/**
 * Applies the authorization map (src/auth/field-rules.ts) to an executable schema: every field with a rule other than
 * `public` gets its resolver, and its subscribe function for subscriptions, wrapped by a check that runs first. The
 * schema's own field objects are updated in place (what @graphql-tools does when it attaches resolvers), so the
 * wrapped schema is the one every transport executes: HTTP, graphql-ws queries and mutations, and subscriptions.
 *
 * The map is checked against the schema at start-up: a rule for a field that does not exist, a root field without a
 * rule, a masked rule on a non-null field or a `reachedThrough` that leads nowhere stops the hub, naming the field.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { HubContext } from '../context.js';
import type { Principal } from '../domain/principal.js';
import { forbidden, unauthenticated } from '../errors.js';
import { auditFieldsOf } from '../audit/entry.js';
import { FIELD_RULES, TYPE_RULES, looksPersonal, type FieldRule, type PersonalRule } from './field-rules.js';

export interface FieldRuleMap {
  types: Readonly<Record<string, FieldRule>>;
  fields: Readonly<Record<string, FieldRule>>;
}

export const DEFAULT_RULES: FieldRuleMap = { types: TYPE_RULES, fields: FIELD_RULES };

/** The map does not fit the schema; the message names the field. */
export class FieldRuleError extends Error {
  constructor(message: string) {
    super(`authorization map (src/auth/field-rules.ts): ${message}`);
    this.name = 'FieldRuleError';
  }
}

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** Checks the map against the schema and wraps the guarded fields. Returns the same schema. */
export function enforceFieldRules(schema: GraphQLSchema, rules: FieldRuleMap = DEFAULT_RULES): GraphQLSchema {
  checkRules(schema, rules);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRule = rules.types[type.name];
    for (const field of Object.values(type.getFields())) {
      const checks = [typeRule, rules.fields[`${type.name}.${field.name}`]].filter(isEnforced);
      if (checks.length === 0) continue;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = guarded(coordinate, checks, field.resolve ?? defaultFieldResolver);
      if (field.subscribe !== undefined) field.subscribe = guarded(coordinate, checks, field.subscribe);
    }
  }
  return schema;
}

type EnforcedRule = Exclude<FieldRule, { kind: 'public' } | { kind: 'reachedThrough' }>;

function isEnforced(rule: FieldRule | undefined): rule is EnforcedRule {
  if (rule === undefined) return false;
  switch (rule.kind) {
    case 'public':
    case 'reachedThrough':
      return false;
    case 'roles':
    case 'personal':
      return true;
  }
}

type Verdict = 'allow' | 'mask' | { refuse: 'unauthenticated' | 'forbidden'; personal: PersonalRule | null };

function decide(rule: EnforcedRule, principal: Principal, parent: unknown): Verdict {
  switch (rule.kind) {
    case 'roles':
      if (principal.kind === 'public') return { refuse: 'unauthenticated', personal: null };
      return rule.roles.includes(principal.role) ? 'allow' : { refuse: 'forbidden', personal: null };
    case 'personal':
      if (rule.may(principal, parent)) return 'allow';
      return rule.denied === 'mask' ? 'mask' : { refuse: 'forbidden', personal: rule };
  }
}

function guarded(
  coordinate: string,
  checks: readonly EnforcedRule[],
  inner: GraphQLFieldResolver<unknown, HubContext>,
): GraphQLFieldResolver<unknown, HubContext> {
  return (parent, args, ctx, info) => {
    for (const rule of checks) {
      const verdict = decide(rule, ctx.principal, parent);
      if (verdict === 'allow') continue;
      if (verdict === 'mask') return null;
      return refuse(coordinate, rule, verdict, parent, ctx, info);
    }
    return inner(parent, args, ctx, info);
  };
}

async function refuse(
  coordinate: string,
  rule: EnforcedRule,
  verdict: Exclude<Verdict, 'allow' | 'mask'>,
  parent: unknown,
  ctx: HubContext,
  info: GraphQLResolveInfo,
): Promise<never> {
  if (verdict.refuse === 'unauthenticated') throw unauthenticated(`${coordinate} needs a bearer token`);
  if (verdict.personal === null) {
    const allowed = rule.kind === 'roles' ? rule.roles.join(' or ') : 'other roles';
    throw forbidden(`${coordinate} is for ${allowed}`);
  }
  // A refused read of personal data is audited like the reads the resolvers allow.
  const audited = verdict.personal.audit?.(parent);
  if (audited !== undefined) {
    await ctx.loaders.audit.load({
      principal: ctx.principal,
      operation: info.operation.name?.value ?? info.fieldName,
      action: audited.action,
      subject: audited.subject,
      fields: auditFieldsOf(info),
      outcome: 'denied',
      clientAddress: ctx.clientAddress,
      requestId: ctx.requestId,
    });
  }
  throw forbidden(`${coordinate} is personal data: only ${verdict.personal.readers} may read it`);
}

function checkRules(schema: GraphQLSchema, rules: FieldRuleMap): void {
  for (const typeName of Object.keys(rules.types)) {
    if (!isObjectType(schema.getType(typeName))) throw new FieldRuleError(`type ${typeName} has a rule but is not an object type of the schema`);
  }
  for (const [coordinate, rule] of Object.entries(rules.fields)) {
    const field = fieldAt(schema, coordinate);
    if (field === null) throw new FieldRuleError(`${coordinate} has a rule but is not a field of the schema`);
    if (rule.kind === 'personal' && rule.denied === 'mask' && isNonNullType(field.type)) {
      throw new FieldRuleError(`${coordinate} is non-null, so it cannot be masked with null: use denied: 'forbid'`);
    }
    if (rule.kind === 'reachedThrough') checkReachedThrough(schema, rules, coordinate, rule.field);
  }
  for (const rootName of ROOT_TYPES) {
    const root = rootType(schema, rootName);
    if (root === null) continue;
    for (const name of Object.keys(root.getFields())) {
      if (rules.fields[`${rootName}.${name}`] === undefined) throw new FieldRuleError(`${rootName}.${name} has no rule: every root field must have one`);
    }
  }
}

/** `reachedThrough` is honest only when every field returning the type is personal: otherwise it is a way round. */
function checkReachedThrough(schema: GraphQLSchema, rules: FieldRuleMap, coordinate: string, through: string): void {
  const [typeName = ''] = coordinate.split('.');
  const gate = rules.fields[through];
  if (gate?.kind !== 'personal') throw new FieldRuleError(`${coordinate} is reached through ${through}, which has no personal rule`);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const at = `${type.name}.${field.name}`;
      if (getNamedType(field.type).name === typeName && rules.fields[at]?.kind !== 'personal') {
        throw new FieldRuleError(`${coordinate} is said to be reached through ${through}, but ${at} returns ${typeName} without a personal rule`);
      }
    }
  }
}

/**
 * Fields that look like personal data (their name, their type's or their parent type's: {@link looksPersonal}) but
 * have no rule of their own, or only a public one without a reason. The schema-walking test wants none.
 */
export function personalFieldsWithoutRule(schema: GraphQLSchema, rules: FieldRuleMap = DEFAULT_RULES): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!looksPersonal(field.name, getNamedType(field.type).name, type.name)) continue;
      const rule = rules.fields[`${type.name}.${field.name}`];
      if (rule === undefined || (rule.kind === 'public' && rule.reason === null)) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing.sort();
}

function rootType(schema: GraphQLSchema, name: (typeof ROOT_TYPES)[number]): GraphQLObjectType | null {
  switch (name) {
    case 'Query':
      return schema.getQueryType() ?? null;
    case 'Mutation':
      return schema.getMutationType() ?? null;
    case 'Subscription':
      return schema.getSubscriptionType() ?? null;
  }
}

export function fieldAt(schema: GraphQLSchema, coordinate: string): GraphQLField<unknown, unknown> | null {
  const [typeName, fieldName, ...rest] = coordinate.split('.');
  if (typeName === undefined || fieldName === undefined || rest.length > 0) return null;
  const type = schema.getType(typeName);
  return isObjectType(type) ? (type.getFields()[fieldName] ?? null) : null;
}
