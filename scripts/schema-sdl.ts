/**
 * The public contract as SDL alone: schema/*.graphql merged without resolvers or field rules, so that tools which
 * only read the contract (the schema check, the reference docs, the description test) need no database or sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { projectPath } from '../src/project-root.js';

export const SCHEMA_DIR = projectPath('schema');

/**
 * Merges the domain files of `dir` the way the hub does (src/schema.ts), minus resolvers. Not imported from there:
 * that module pulls in every resolver, and the build of the docs should need only the SDL.
 */
export function buildSdlSchema(dir: string = SCHEMA_DIR): GraphQLSchema {
  const typeDefs = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${dir}/${file}`, 'utf8'));
  return makeExecutableSchema({ typeDefs });
}

/** One SDL text per schema, sorted, so that reordering definitions across files changes nothing. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
