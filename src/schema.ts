/**
 * The executable schema: every `schema/*.graphql` file (one per domain) merged, with the resolvers of `resolvers/`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { resolvers } from '../resolvers/index.js';
import { projectPath } from './project-root.js';

export function loadTypeDefs(dir: string = projectPath('schema')): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${dir}/${file}`, 'utf8'));
}

export function createSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    // A resolver for a field the SDL does not have is a typo: fail at start, not silently at query time.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
