/**
 * The public contract as SDL alone: schema/*.graphql merged without resolvers or field rules, so that tools which
 * only read the contract (the schema check, the reference docs, the description test) need no database or sources.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { loadTypeDefs, SCHEMA_DIR } from '../src/type-defs.js';

export { SCHEMA_DIR };

/** Merges the domain files of `dir` as the hub does (src/schema.ts), minus resolvers and field rules. */
export function buildSdlSchema(dir: string = SCHEMA_DIR): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(dir) });
}

/** One SDL text per schema, sorted, so that reordering definitions across files changes nothing. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
