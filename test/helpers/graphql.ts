/**
 * Real clients for tests: GraphQL over HTTP with fetch, and graphql-ws over a real WebSocket.
 */
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
    extensions?: { stats?: { sqlStatements: number; sourceCalls: number; durationMs: number } };
  };
}

export interface RequestOptions {
  token?: string | undefined;
  headers?: Record<string, string>;
}

// Results are typed by the caller: tests know the shape of what they asked for.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function graphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** The codes of a response's errors, in order: what most assertions about misuse compare. */
export const errorCodes = (response: GraphQLResponse): (string | undefined)[] =>
  (response.body.errors ?? []).map((e) => e.extensions?.code);

export interface WsConnection {
  client: Client;
  /** Resolves with the close code once the socket closes. */
  closed: Promise<number>;
  /** Runs one query or mutation over the socket. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  execute<T = any>(query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult<T>>;
  dispose(): Promise<void>;
}

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export function connectWs(httpUrl: string, options: { token?: string; connectionParams?: Record<string, unknown> } = {}): WsConnection {
  let resolveClosed: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: wsUrlOf(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: options.connectionParams ?? (options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
    onNonLazyError: () => {},
  });
  return {
    client,
    closed,
    execute(query, variables) {
      return new Promise((resolve, reject) => {
        let result: FormattedExecutionResult | undefined;
        client.subscribe(
          { query, ...(variables === undefined ? {} : { variables }) },
          { next: (value) => (result = value as FormattedExecutionResult), error: reject, complete: () => (result ? resolve(result as never) : reject(new Error('no result'))) },
        );
      });
    },
    dispose: async () => {
      await client.dispose();
    },
  };
}
