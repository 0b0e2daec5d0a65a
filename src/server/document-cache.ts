/**
 * Parsed and validated operations, by their text. A thousand displays subscribing with the same query share one
 * document instead of parsing and validating a thousand copies (and keeping them for as long as they stay connected).
 * Bounded: least recently used entries go first.
 */
import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

export type CachedDocument = { document: DocumentNode } | { errors: readonly GraphQLError[] };

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();

  /** @param maxEntries how many distinct operation texts to keep. @default 1_000 */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 1_000,
  ) {}

  get(query: string): CachedDocument {
    const hit = this.entries.get(query);
    if (hit !== undefined) {
      this.entries.delete(query);
      this.entries.set(query, hit);
      return hit;
    }
    const entry = this.compile(query);
    this.entries.set(query, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  private compile(query: string): CachedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const errors = validate(this.schema, document);
    return errors.length > 0 ? { errors } : { document };
  }
}
