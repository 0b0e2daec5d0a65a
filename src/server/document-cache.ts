/**
 * Parsed operations, by their text. A thousand displays subscribing with the same query share one document instead
 * of parsing and validating a thousand copies (and keeping them for as long as they stay connected). Validation
 * results are kept with the document once computed. Bounded: least recently used entries go first, and texts longer
 * than `maxTextLength` are parsed every time instead of kept (a client could otherwise fill the cache with a thousand
 * copies of a large comment).
 */
import { GraphQLError, type DocumentNode } from 'graphql';

export interface ParsedEntry {
  document: DocumentNode;
  /** Set the first time the document is validated (graphql-ws); HTTP leaves validation to Apollo. */
  validationErrors?: readonly GraphQLError[];
}

export type CachedDocument = ParsedEntry | { error: GraphQLError };

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();

  /**
   * @param parseText parses one text, returning the syntax (or token limit) error instead of throwing.
   * @param maxEntries how many distinct operation texts to keep. @default 1_000
   * @param maxTextLength the longest text kept, in UTF-16 units (the hub's own documents are about 3,000 at most). @default 20_000
   */
  constructor(
    private readonly parseText: (text: string) => DocumentNode | GraphQLError,
    private readonly maxEntries = 1_000,
    private readonly maxTextLength = 20_000,
  ) {}

  get(text: string): CachedDocument {
    const hit = this.entries.get(text);
    if (hit !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const parsed = this.parseText(text);
    const entry: CachedDocument = parsed instanceof GraphQLError ? { error: parsed } : { document: parsed };
    if (text.length > this.maxTextLength) return entry;
    this.entries.set(text, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
