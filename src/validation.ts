/**
 * Client input beyond what GraphQL's types check (lengths, patterns, ranges), parsed once at the resolver boundary.
 * The first problem becomes BAD_USER_INPUT naming the field, e.g. `input.offices.1.ticketPrefix: ...`.
 */
import type { z } from 'zod';
import { badUserInput } from './errors.js';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argument: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [argument, ...(issue?.path ?? [])].map(String).join('.');
  throw badUserInput(`${field}: ${issue?.message ?? 'is not valid'}`, field);
}
