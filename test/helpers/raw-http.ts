/**
 * HTTP requests exactly as given (no headers added, unlike fetch, which sets a content type for a string body): what
 * browsers' forms send, what broken clients send.
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  /** Appended to the URL's path, e.g. `?query=...`. */
  search?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function rawRequest(url: string, request: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${request.search ?? ''}`,
        method: request.method ?? 'POST',
        headers: { ...(request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) }), connection: 'close', ...request.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** `extensions.code` of each error in a JSON error body. */
export function rawCodes(response: RawResponse): (string | undefined)[] {
  const errors = (response.json as { errors?: { extensions?: { code?: string } }[] } | undefined)?.errors;
  return (errors ?? []).map((error) => error.extensions?.code);
}
