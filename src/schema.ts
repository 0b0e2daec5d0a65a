/**
 * The executable schema: every `schema/*.graphql` file (one per domain) merged, with the resolvers of `resolvers/`,
 * and the authorization map of src/auth/field-rules.ts enforced on every field it names.
 */
import type { GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { resolvers } from '../resolvers/index.js';
import { enforceFieldRules } from './auth/enforce.js';
import { loadTypeDefs } from './type-defs.js';

export function createSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    // A resolver for a field the SDL does not have is a typo: fail at start, not silently at query time.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  // Also checked at start: a root field without a rule, or a rule for a field that does not exist, stops the hub.
  return enforceFieldRules(schema);
}
