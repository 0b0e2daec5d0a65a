/**
 * Persisted operations: the allow-list of operations the hub's own clients send, built from the `.graphql`
 * documents under `examples/` when the hub starts (and by `npm run operations:manifest` for client developers).
 *
 * Each named operation becomes one entry: the operation and the fragments it uses (from any file under
 * `examples/`), printed by graphql-js in a canonical form, keyed by the SHA-256 (hex) of that text. A client sends
 * the key as Apollo's Automatic Persisted Queries do (`extensions.persistedQuery.sha256Hash`, HTTP and graphql-ws), or
 * the text itself; text is matched by its canonical form, so whitespace, comments and the order of definitions do
 * not matter, and a file with several operations may be sent whole with an `operationName`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';

export interface PersistedOperation {
  /** The operation's name, unique across `examples/`. */
  name: string;
  type: OperationTypeNode;
  /** The file it is defined in, relative to `examples/`. */
  file: string;
  /** SHA-256 (hex) of `text`: what clients send as `extensions.persistedQuery.sha256Hash`. */
  sha256: string;
  /** The canonical document: the operation and the fragments it uses, printed by graphql-js. */
  text: string;
}

export interface OperationSource {
  /** Where the text comes from, for error messages (a path relative to `examples/`). */
  file: string;
  text: string;
}

/** A document under `examples/` that cannot become part of the allow-list; the message names file and operation. */
export class PersistedOperationsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersistedOperationsError';
  }
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Names of the fragments `root` uses, directly and through other fragments (defined or not). */
function fragmentsUsed(root: OperationDefinitionNode | FragmentDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  const found = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === undefined) break;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        // A missing fragment is listed too: the caller finds it absent.
        found.add(name);
        const fragment = fragments.get(name);
        if (fragment !== undefined) pending.push(fragment);
      },
    });
  }
  return [...found].sort();
}

/**
 * The canonical text of one operation of `document`: the operation, then the fragments it uses sorted by name, as
 * graphql-js prints them. Null when a fragment it spreads is not in `fragments` (validation reports that).
 */
export function canonicalText(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string | null {
  const names = fragmentsUsed(operation, fragments);
  const used: FragmentDefinitionNode[] = [];
  for (const name of names) {
    const fragment = fragments.get(name);
    if (fragment === undefined) return null;
    used.push(fragment);
  }
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...used] });
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The operation `operationName` picks from `document` (the only one when no name is given), as GraphQL does. */
export function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName) ?? null;
  return operations.length === 1 ? (operations[0] ?? null) : null;
}

export class PersistedOperations {
  private readonly byHash: ReadonlyMap<string, PersistedOperation>;

  private constructor(readonly operations: readonly PersistedOperation[]) {
    this.byHash = new Map(operations.map((operation) => [operation.sha256, operation]));
  }

  /** The empty list: PERSISTED_OPERATIONS=off, or no `examples/` directory. */
  static none(): PersistedOperations {
    return new PersistedOperations([]);
  }

  /**
   * Every `*.graphql` file under `dir` (recursively), validated against `schema`. A directory that does not exist
   * is an empty list; the caller decides whether that is acceptable.
   * @throws {PersistedOperationsError} on a syntax or validation error, an anonymous operation or a duplicate name.
   */
  static fromDirectory(dir: string, schema: GraphQLSchema): PersistedOperations {
    if (!existsSync(dir)) return PersistedOperations.none();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.graphql'))
      .sort();
    return PersistedOperations.fromSources(
      files.map((file) => ({ file: file.split(path.sep).join('/'), text: readFileSync(path.join(dir, file), 'utf8') })),
      schema,
    );
  }

  /** @throws {PersistedOperationsError} as {@link fromDirectory} does. */
  static fromSources(sources: readonly OperationSource[], schema: GraphQLSchema): PersistedOperations {
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: { file: string; node: OperationDefinitionNode }[] = [];
    for (const source of sources) {
      let document: DocumentNode;
      try {
        document = parse(source.text);
      } catch (error) {
        throw new PersistedOperationsError(`examples/${source.file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const [name, fragment] of fragmentsOf(document)) {
        if (fragments.has(name)) throw new PersistedOperationsError(`examples/${source.file}: fragment ${name} is defined twice under examples/`);
        fragments.set(name, fragment);
      }
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        if (definition.name === undefined) throw new PersistedOperationsError(`examples/${source.file}: every operation needs a name (clients and logs refer to it)`);
        operations.push({ file: source.file, node: definition });
      }
    }
    const names = new Set<string>();
    const entries: PersistedOperation[] = [];
    for (const { file, node } of operations) {
      const name = node.name?.value ?? '';
      if (names.has(name)) throw new PersistedOperationsError(`examples/${file}: operation ${name} is defined twice under examples/`);
      names.add(name);
      const text = canonicalText(node, fragments);
      if (text === null) throw new PersistedOperationsError(`examples/${file}: operation ${name} spreads a fragment that is not defined under examples/`);
      const errors = validate(schema, parse(text));
      if (errors.length > 0) throw new PersistedOperationsError(`examples/${file}: operation ${name} is not valid against the schema: ${errors.map((e) => e.message).join('; ')}`);
      entries.push({ name, type: node.operation, file, sha256: sha256Hex(text), text });
    }
    return new PersistedOperations(entries);
  }

  get size(): number {
    return this.operations.length;
  }

  /** The operation with this SHA-256 (hex, as clients send it; case does not matter). */
  lookup(sha256: string): PersistedOperation | undefined {
    return this.byHash.get(sha256.toLowerCase());
  }

  /** Whether the operation `operationName` picks from `document` is on the list, in canonical form. */
  includes(document: DocumentNode, operationName: string | null | undefined): boolean {
    const operation = selectOperation(document, operationName);
    if (operation === null) return false;
    const text = canonicalText(operation, fragmentsOf(document));
    return text !== null && this.byHash.has(sha256Hex(text));
  }
}
