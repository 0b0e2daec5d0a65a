/**
 * How big an operation may be: tokens, depth, estimated cost, aliases and directives. Measured on the parsed document
 * before validation and execution, so that a refused operation costs the hub one linear walk of its syntax tree and
 * never a resolver or a source call. Both transports use it (HTTP through src/server/http-operations.ts, graphql-ws
 * through src/server/websocket.ts, both by way of the OperationGuard).
 *
 * The cost estimate is deliberately simple, so that clients can predict it:
 *  - a field that returns an object costs 1 for each object it may return; leaves (scalars, enums) cost nothing;
 *  - a field with a `first` argument (a connection) returns one object and passes `first` to the list below it
 *    (`edges`): `services(first: 50) { edges { node { offices { code } } } }` costs 1 + 50 x (1 + 1 + 10 x 1) with a
 *    default list size of 10;
 *  - any other list field is counted as `defaultListSize` objects;
 *  - introspection meta fields (`__schema`, `__type`) are not counted: introspection is allowed or refused as a whole
 *    (GRAPHQL_INTROSPECTION), and it is off in production.
 * As in execution, a fragment spread a second time in one selection set adds nothing; and each fragment is measured
 * once (memoized), so that however fragments spread each other the walk stays linear in the document's size.
 */
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  parse,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { badUserInput, ErrorCode, HubError } from '../errors.js';
import { RefusalReason } from './reasons.js';

/** The limits every operation must keep, from configuration (`GRAPHQL_MAX_*`). */
export interface OperationLimits {
  /** Lexical tokens in the operation text; the parser stops past it. @default 2_000 */
  maxTokens: number;
  /** Nested field levels (`{ a { b } }` is 2). @default 10 */
  maxDepth: number;
  /** Estimated cost (see the module comment). @default 100_000 */
  maxCost: number;
  /**
   * Estimated cost of a subscription, which is resolved again for every event and every subscriber: a heavy one is
   * an amplifier (one queue change, thousands of objects per subscriber). @default 1_000
   */
  maxSubscriptionCost: number;
  /** How many objects a list field without `first` is counted as. @default 10 */
  defaultListSize: number;
  /** Aliases in the whole document. @default 15 */
  maxAliases: number;
  /** Directives (`@include`, `@skip` ...) in the whole document. @default 20 */
  maxDirectives: number;
}

/** Which limit an operation broke, as `extensions.limit` names it. */
export type LimitName = 'tokens' | 'depth' | 'cost' | 'subscriptionCost' | 'aliases' | 'directives';

/** The configuration variable behind each limit, named in refusals so that an operator knows what to change. */
export const LIMIT_VARIABLES: Readonly<Record<LimitName, string>> = {
  tokens: 'GRAPHQL_MAX_TOKENS',
  depth: 'GRAPHQL_MAX_DEPTH',
  cost: 'GRAPHQL_MAX_COST',
  subscriptionCost: 'GRAPHQL_MAX_SUBSCRIPTION_COST',
  aliases: 'GRAPHQL_MAX_ALIASES',
  directives: 'GRAPHQL_MAX_DIRECTIVES',
};

export interface OperationMeasure {
  depth: number;
  cost: number;
  /** The cost of the subscription measured, if one was (0 otherwise). */
  subscriptionCost: number;
  aliases: number;
  directives: number;
}

/** BAD_USER_INPUT naming the limit, its maximum and what the operation had; never thrown past the guard. */
export function limitExceeded(limit: LimitName, max: number, actual: number | null, what: string): HubError {
  const had = actual === null ? `more than ${max}` : String(actual);
  return new HubError(ErrorCode.BadUserInput, `the operation ${what}: ${had}, at most ${max} allowed (${LIMIT_VARIABLES[limit]})`, {
    details: { reason: RefusalReason.OperationLimit, limit, max, ...(actual === null ? {} : { actual }) },
  });
}

/**
 * Parses with the token limit: the parser gives up on a document as soon as it reaches the limit, so a huge document
 * costs no more than a document of the limit. Syntax errors are returned as they are (the caller marks them as parse
 * failures).
 */
export function parseWithinLimit(text: string, maxTokens: number): DocumentNode | GraphQLError {
  try {
    return parse(text, { maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && /contains more tha[nt] \d+ tokens/.test(error.message)) {
      return limitExceeded('tokens', maxTokens, null, 'has too many tokens');
    }
    if (error instanceof GraphQLError) return error;
    return badUserInput('the operation could not be parsed');
  }
}

/** Aliases and directives anywhere in the document, counted as written (a fragment spread twice counts once). */
function countSyntax(document: DocumentNode): { aliases: number; directives: number } {
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field(node) {
      if (node.alias !== undefined) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
  });
  return { aliases, directives };
}

/**
 * Names of the variables a document passes as `first`: the only variables {@link measureOperation} reads, so a
 * measure can be kept for a document and those variables' values.
 */
export function pagingVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names];
}

/** The value of an Int argument as written or as the variables give it; null when it is not a usable integer. */
function intArgument(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): number | null {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (argument === undefined) return null;
  const value: ValueNode = argument.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === 'number' && Number.isInteger(given) ? given : null;
  }
  return null;
}

function containsList(type: GraphQLType): boolean {
  if (isNonNullType(type)) return containsList(type.ofType);
  return isListType(type);
}

function fieldOf(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent === undefined || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

/** Costs above this are all "too much"; keeps the arithmetic finite whatever `first` says. */
const COST_CEILING = Number.MAX_SAFE_INTEGER;
const times = (a: number, b: number): number => Math.min(COST_CEILING, a * b);
const plus = (a: number, b: number): number => Math.min(COST_CEILING, a + b);

class Measurer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, { depth: number; cost: number }>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly defaultListSize: number,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  private composite(type: GraphQLNamedType | null | undefined): GraphQLCompositeType | undefined {
    return type !== null && type !== undefined && isCompositeType(type) ? type : undefined;
  }

  operation(operation: OperationDefinitionNode): { depth: number; cost: number } {
    const root = this.schema.getRootType(operation.operation) ?? undefined;
    return this.selections(operation.selectionSet, root, null);
  }

  /**
   * `page`: the `first` of the connection field just above, which the list below it (`edges`) has as its length.
   * `spread`: fragments already spread at this level (inline fragments share the level), which execution collects once.
   */
  private selections(
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    page: number | null,
    spread: Set<string> = new Set(),
  ): { depth: number; cost: number } {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      let measured: { depth: number; cost: number };
      switch (selection.kind) {
        case Kind.FIELD:
          measured = this.field(selection, parent, page);
          break;
        case Kind.INLINE_FRAGMENT: {
          const condition = selection.typeCondition === undefined ? parent : this.schema.getType(selection.typeCondition.name.value);
          measured = this.selections(selection.selectionSet, this.composite(condition), page, spread);
          break;
        }
        case Kind.FRAGMENT_SPREAD:
          if (spread.has(selection.name.value)) continue;
          spread.add(selection.name.value);
          measured = this.spread(selection.name.value, page);
          break;
      }
      depth = Math.max(depth, measured.depth);
      cost = plus(cost, measured.cost);
    }
    return { depth, cost };
  }

  private field(field: FieldNode, parent: GraphQLCompositeType | undefined, page: number | null): { depth: number; cost: number } {
    const name = field.name.value;
    // __typename is a leaf; __schema and __type are governed by the introspection switch, not by these limits.
    if (name.startsWith('__')) return { depth: 1, cost: 0 };
    const definition = fieldOf(parent, name);
    if (field.selectionSet === undefined) return { depth: 1, cost: 0 };
    const named = definition === undefined ? undefined : getNamedType(definition.type);
    const child = named !== undefined && isCompositeType(named) ? named : undefined;
    const hasFirst = definition?.args.some((a) => a.name === 'first') ?? false;
    let count = 1;
    let childPage: number | null = null;
    if (hasFirst) {
      childPage = Math.max(0, intArgument(field, 'first', this.variables) ?? this.defaultListSize);
    } else if (definition !== undefined && containsList(definition.type)) {
      count = page ?? this.defaultListSize;
    }
    const inner = this.selections(field.selectionSet, child, childPage);
    return { depth: 1 + inner.depth, cost: times(count, plus(1, inner.cost)) };
  }

  private spread(name: string, page: number | null): { depth: number; cost: number } {
    const fragment = this.fragments.get(name);
    // Unknown fragments and cycles are validation errors (reported there); they add nothing here.
    if (fragment === undefined || this.visiting.has(name)) return { depth: 0, cost: 0 };
    const key = `${name}:${page ?? ''}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.visiting.add(name);
    const measured = this.selections(fragment.selectionSet, this.composite(this.schema.getType(fragment.typeCondition.name.value)), page);
    this.visiting.delete(name);
    this.memo.set(key, measured);
    return measured;
  }
}

/**
 * Depth and cost of the operation that would run (`operationName`, or the only one), aliases and directives of the
 * whole document. Unknown fields and types count as objects without a list; validation refuses them afterwards.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>>,
  defaultListSize: number,
): OperationMeasure {
  const syntax = countSyntax(document);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const measurer = new Measurer(schema, document, variables, defaultListSize);
  // Which operation runs is decided later (and an unknown name refused then); until then, measure the largest.
  const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;
  let depth = 0;
  let cost = 0;
  let subscriptionCost = 0;
  for (const operation of chosen.length > 0 ? chosen : operations) {
    const measured = measurer.operation(operation);
    depth = Math.max(depth, measured.depth);
    cost = Math.max(cost, measured.cost);
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) subscriptionCost = Math.max(subscriptionCost, measured.cost);
  }
  return { depth, cost, subscriptionCost, aliases: syntax.aliases, directives: syntax.directives };
}

/** The first limit the measure breaks, as a refusal; null when it keeps all of them. */
export function checkLimits(measure: OperationMeasure, limits: OperationLimits): HubError | null {
  if (measure.depth > limits.maxDepth) return limitExceeded('depth', limits.maxDepth, measure.depth, 'is too deep (nested field levels)');
  if (measure.aliases > limits.maxAliases) return limitExceeded('aliases', limits.maxAliases, measure.aliases, 'has too many aliases');
  if (measure.directives > limits.maxDirectives) return limitExceeded('directives', limits.maxDirectives, measure.directives, 'has too many directives');
  const estimate = `estimated objects: lists count their \`first\` or ${limits.defaultListSize}`;
  if (measure.cost > limits.maxCost) return limitExceeded('cost', limits.maxCost, measure.cost, `is too expensive (${estimate})`);
  if (measure.subscriptionCost > limits.maxSubscriptionCost) {
    return limitExceeded('subscriptionCost', limits.maxSubscriptionCost, measure.subscriptionCost, `is too expensive for a subscription, which runs again on every event (${estimate})`);
  }
  return null;
}
