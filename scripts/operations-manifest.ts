/**
 * Prints the persisted operations as clients need them: name, type, file, SHA-256 (what to send as
 * `extensions.persistedQuery.sha256Hash`), the canonical text, and what each costs against the default limits.
 *
 *   npm run --silent operations:manifest > operations.json
 *
 * It fails (exit code 1, the broken file named) when a document under examples/ is not valid against the schema.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse } from 'graphql';
import { loadConfig } from '../src/config.js';
import { measureOperation } from '../src/operations/limits.js';
import { PersistedOperations } from '../src/operations/persisted.js';
import { projectPath } from '../src/project-root.js';
import { loadTypeDefs } from '../src/type-defs.js';

// The SDL alone: operations are checked against the types, not the resolvers.
const schema = makeExecutableSchema({ typeDefs: loadTypeDefs() });
const limits = loadConfig({}).operations.limits;
try {
  const persisted = PersistedOperations.fromDirectory(projectPath('examples'), schema);
  const manifest = persisted.operations.map((operation) => {
    const measure = measureOperation(schema, parse(operation.text), operation.name, {}, limits.defaultListSize);
    return { ...operation, estimate: { depth: measure.depth, cost: measure.cost, aliases: measure.aliases, directives: measure.directives } };
  });
  process.stdout.write(`${JSON.stringify({ limits, operations: manifest }, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`operations:manifest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
