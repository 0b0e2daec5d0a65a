/**
 * Audit entries as resolvers write them: who (the principal), from where (client address, request id), which
 * operation, what was done (`action`), to what (`subject` and related ids), and which fields: the field itself
 * (`Mutation.takeTicket`, `Staff.phone`) followed by the paths of the arguments the caller gave (`input.officeCode`).
 * Argument values are never recorded: they may be personal data, and the change itself is in the hub's tables.
 */
import { getArgumentValues, type GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../context.js';
import type { AuditEntry, AuditOutcome } from '../store/audit.js';

/** Nesting deeper than this is summarised by its parent path (inputs here are two or three levels deep). */
const MAX_DEPTH = 4;

export function auditEntry(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  action: string,
  subject: string | null,
  outcome: AuditOutcome,
  related: readonly string[] = [],
): AuditEntry {
  return {
    principal: ctx.principal,
    operation: info.operation.name?.value ?? info.fieldName,
    action,
    subject,
    related,
    fields: auditFieldsOf(info),
    outcome,
    clientAddress: ctx.clientAddress,
    requestId: ctx.requestId,
  };
}

/** `Type.field`, then the paths of the arguments given (non-null values only), sorted. */
export function auditFieldsOf(info: GraphQLResolveInfo): string[] {
  const coordinate = `${info.parentType.name}.${info.fieldName}`;
  const field = info.parentType.getFields()[info.fieldName];
  const node = info.fieldNodes[0];
  if (field === undefined || node === undefined || field.args.length === 0) return [coordinate];
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, node, info.variableValues);
  } catch {
    // Execution coerced them already; should that ever differ, the field name alone still says what was done.
    return [coordinate];
  }
  const paths = new Set<string>();
  collectPaths(args, '', paths, 0);
  return [coordinate, ...[...paths].sort()];
}

function collectPaths(value: unknown, prefix: string, into: Set<string>, depth: number): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const itemPrefix = `${prefix}[]`;
    if (value.every((item) => typeof item !== 'object' || item === null)) into.add(itemPrefix);
    else for (const item of value) collectPaths(item, itemPrefix, into, depth + 1);
    return;
  }
  if (typeof value === 'object' && depth < MAX_DEPTH && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
    if (entries.length === 0 && prefix !== '') into.add(prefix);
    for (const [key, child] of entries) collectPaths(child, prefix === '' ? key : `${prefix}.${key}`, into, depth + 1);
    return;
  }
  if (prefix !== '') into.add(prefix);
}
