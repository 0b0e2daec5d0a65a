/**
 * NUL characters in string arguments and variables. PostgreSQL text cannot store U+0000: a NUL that reached a store
 * would fail there as an internal error (or, in a lookup, as a driver error). Refused at the gate instead, as
 * BAD_USER_INPUT naming the argument or variable path, the way the resolvers' own validation names fields
 * (`input.body: must not contain NUL characters`).
 */
import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { badUserInput, type HubError } from '../errors.js';

const NUL = '\u0000';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where a NUL hides in a value given as a variable: `input.body`, `input.answers.3` ... */
function inVariable(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : isRecord(value) ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    const found = inVariable(item, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** The same in a literal written in the document (`takeTicket(input: { officeCode: "\u0000" })`). */
function inLiteral(value: ValueNode, path: string): string | null {
  switch (value.kind) {
    case Kind.STRING:
      return value.value.includes(NUL) ? path : null;
    case Kind.LIST:
      for (const [index, item] of value.values.entries()) {
        const found = inLiteral(item, `${path}.${index}`);
        if (found !== null) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const found = inLiteral(field.value, `${path}.${field.name.value}`);
        if (found !== null) return found;
      }
      return null;
    default:
      return null;
  }
}

/** BAD_USER_INPUT naming the first argument or variable that holds a NUL character; null when none does. */
export function nulCharacter(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null): HubError | null {
  return nulInVariables(variables) ?? nulInDocument(document);
}

/** The variables' part of {@link nulCharacter}: what changes from one request to the next. */
export function nulInVariables(variables: Readonly<Record<string, unknown>> | null): HubError | null {
  let field: string | null = null;
  for (const [name, value] of Object.entries(variables ?? {})) field ??= inVariable(value, name);
  return field === null ? null : refusal(field);
}

/** The document's part of {@link nulCharacter} (literals and variable defaults): the same for every request of a text. */
export function nulInDocument(document: DocumentNode): HubError | null {
  let field: string | null = null;
  visit(document, {
    Argument(node) {
      field ??= inLiteral(node.value, node.name.value);
    },
    VariableDefinition(node) {
      if (node.defaultValue !== undefined) field ??= inLiteral(node.defaultValue, node.variable.name.value);
    },
  });
  return field === null ? null : refusal(field);
}

const refusal = (field: string): HubError => badUserInput(`${field}: must not contain NUL characters`, field);
