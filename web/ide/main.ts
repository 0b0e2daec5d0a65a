/**
 * The embedded GraphQL IDE (/graphiql): GraphiQL bundled from npm with everything it loads (Monaco editor, its
 * workers, fonts as data: URLs), so it works with no network beyond the hub. Queries and mutations go to /graphql
 * over HTTP; subscriptions over graphql-ws on the same path. Served only while the hub answers introspection
 * (development and tests): without it GraphiQL has no schema to offer.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from 'graphql-ws';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { Kind, parse } from 'graphql';
import 'graphiql/style.css';

/** Built next to this bundle by scripts/build-ide.ts; one per Monaco language service GraphiQL asks for. */
const WORKER_URLS: Readonly<Record<string, string>> = {
  graphql: '/graphiql/assets/graphql.worker.js',
  json: '/graphiql/assets/json.worker.js',
};
const EDITOR_WORKER_URL = '/graphiql/assets/editor.worker.js';

// Monaco asks this global for its workers; GraphiQL's own setup modules would fetch them from a CDN or rely on a
// bundler feature esbuild lacks (`new URL(..., import.meta.url)` workers).
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => new Worker(WORKER_URLS[label] ?? EDITOR_WORKER_URL),
};

const GRAPHQL_PATH = '/graphql';
const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
const toolkitFetcher = createGraphiQLFetcher({ url: GRAPHQL_PATH, wsClient: createClient({ url: wsUrl, lazy: true }) });

/**
 * GraphiQL updates the operation name and parsed document some time after the text changes: typed (or pasted) and run
 * at once, a document with one operation goes out with the previous document's name, which the hub refuses ("Unknown
 * operation named"), and a subscription goes over HTTP. With one operation there is nothing to choose: use its name.
 */
const fetcher: Fetcher = (params, options) => {
  try {
    // The toolkit picks graphql-ws for a subscription from `documentAST`, which lags the same way: pass the current one.
    const documentAST = parse(params.query);
    const operations = documentAST.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const only = operations.length === 1 ? operations[0] : undefined;
    if (only?.kind === Kind.OPERATION_DEFINITION) return toolkitFetcher({ ...params, operationName: only.name?.value ?? null }, { ...options, documentAST });
  } catch {
    // Not parseable: the hub's answer says why.
  }
  return toolkitFetcher(params, options);
};

const DEFAULT_QUERY = `# The four agencies and the health of their source systems.
query Agencies {
  agencies {
    code
    name
    source {
      healthy
    }
  }
}
`;

const root = document.getElementById('graphiql');
if (root === null) throw new Error('the IDE page lacks #graphiql');
createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }));
