/**
 * SATUSEHAT's wire protocol: a client-credentials token (cached, refreshed before expiry), Bearer-authorized FHIR
 * calls that survive one token refusal, and searches that follow `link[relation=next]` page by page.
 *
 * Every page is its own guarded call (its own budget, retries and breaker accounting), so a long search cannot starve
 * on one budget and a failing page fails the search. The token fetch happens inside the guarded call that needs it.
 *
 * Nothing here logs or reports a query string: a Practitioner search carries NIKs in its URL.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SatusehatSettings } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { CallContext, SourceGuard } from '../kit/guard.js';
import { displayEndpoint, httpExchange, urlUnder, type HttpAnswer } from '../kit/http.js';
import { TokenCache, type IssuedToken } from '../kit/oauth.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import { AccessTokenSchema, OperationOutcomeSchema, SearchsetSchema, type FhirResource, type ResourceOf, type SearchableType, type Searchset } from './schemas.js';
import { FHIR_PATH, TOKEN_PATH } from './systems.js';

const AGENCY = 'DINKES';

/** Pages one search may take before it is judged a loop (100 resources a page: far beyond any facility list). */
const MAX_PAGES = 500;

export interface SearchResult<T extends SearchableType> {
  /** The resources the search matched, all pages. */
  matches: ResourceOf<T>[];
  /** Resources added by `_include`. */
  included: FhirResource[];
  pages: number;
}

export class FhirClient {
  /** The FHIR base, e.g. `https://api-satusehat.kemkes.go.id/fhir-r4/v1`; `next` links must stay under it. */
  private readonly fhirBase: URL;
  private readonly tokenUrl: URL;
  private readonly tokens: TokenCache;
  /** The trace headers of the guarded call that triggered a token fetch (TokenCache hands its fetch only a signal). */
  private readonly callHeaders = new AsyncLocalStorage<Record<string, string>>();

  constructor(
    private readonly settings: SatusehatSettings,
    private readonly guard: SourceGuard,
    private readonly log: Logger,
  ) {
    this.fhirBase = urlUnder(settings.url, FHIR_PATH);
    this.tokenUrl = urlUnder(settings.url, TOKEN_PATH, { grant_type: 'client_credentials' });
    this.tokens = new TokenCache({ fetch: (signal) => this.fetchToken(signal) });
  }

  /** Every page of a search. `params` are the search parameters of the first page; later pages come from `next`. */
  async search<T extends SearchableType>(type: T, params: Record<string, string>): Promise<SearchResult<T>> {
    const result: SearchResult<T> = { matches: [], included: [], pages: 0 };
    const visited = new Set<string>();
    let url: URL | null = urlUnder(this.fhirBase.href, type, params);
    while (url !== null) {
      if (visited.has(url.href)) throw new SourceError(AGENCY, 'MALFORMED', `${type} search: a next link points back to an earlier page`);
      if (result.pages === MAX_PAGES) throw new SourceError(AGENCY, 'MALFORMED', `${type} search: more than ${MAX_PAGES} pages`);
      visited.add(url.href);
      const pageUrl: URL = url;
      const page = result.pages + 1;
      const bundle = await this.guard.run(`${type}-search`, (context) => this.readSearchset(pageUrl, `${type} search page ${page}`, context));
      collect(type, bundle, result);
      result.pages = page;
      url = this.nextPage(type, bundle, pageUrl);
    }
    this.log.debug({ resourceType: type, pages: result.pages, matches: result.matches.length, included: result.included.length }, 'FHIR search read');
    return result;
  }

  /** One cheap authorized call: the first Organization, one page. */
  async probe(): Promise<void> {
    const url = urlUnder(this.fhirBase.href, 'Organization', { _count: '1' });
    await this.guard.run('health', (context) => this.readSearchset(url, 'health probe', context));
  }

  private async readSearchset(url: URL, what: string, context: CallContext): Promise<Searchset> {
    const answer = await this.authorizedGet(url, context);
    if (answer.status !== 200) throw refusal(url, answer);
    return parseSource(AGENCY, what, SearchsetSchema, answer.body);
  }

  /** A GET with the cached token; a 401 drops that token and the call is sent once more with a fresh one. */
  private async authorizedGet(url: URL, context: CallContext): Promise<HttpAnswer> {
    const token = await this.token(context);
    const first = await this.get(url, token, context);
    if (first.status !== 401) return first;
    this.tokens.invalidate(token);
    this.log.info({ path: url.pathname }, 'SATUSEHAT refused the access token; fetching a new one');
    const fresh = await this.token(context);
    const second = await this.get(url, fresh, context);
    if (second.status === 401) throw new SourceError(AGENCY, 'DENIED', `${url.pathname}: HTTP 401 with a freshly issued token`);
    return second;
  }

  private get(url: URL, token: string, context: CallContext): Promise<HttpAnswer> {
    return httpExchange(AGENCY, { url, headers: { accept: 'application/fhir+json', authorization: `Bearer ${token}` } }, context);
  }

  private token(context: CallContext): Promise<string> {
    return this.callHeaders.run(context.headers, () => this.tokens.get(context.signal));
  }

  private async fetchToken(signal: AbortSignal): Promise<IssuedToken> {
    const headers = this.callHeaders.getStore() ?? {};
    const body = new URLSearchParams({ client_id: this.settings.clientId, client_secret: this.settings.clientSecret });
    const answer = await httpExchange(AGENCY, { method: 'POST', url: this.tokenUrl, body }, { signal, headers });
    if (answer.status === 401 || answer.status === 403) {
      throw new SourceError(AGENCY, 'DENIED', `${this.tokenUrl.pathname}: HTTP ${answer.status}: client credentials refused`);
    }
    if (answer.status !== 200) {
      throw new SourceError(AGENCY, 'UNAVAILABLE', `${this.tokenUrl.pathname}: HTTP ${answer.status}`, { retryable: false });
    }
    const token = parseSource(AGENCY, 'access token', AccessTokenSchema, answer.body);
    this.log.debug({ expiresInSeconds: token.expires_in }, 'SATUSEHAT access token issued');
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
  }

  /**
   * The next page's URL, or null on the last page. A link that leaves the FHIR base (another host, port, scheme or
   * path) is MALFORMED and never followed: following it would send our token wherever the answer points.
   */
  private nextPage(type: SearchableType, bundle: Searchset, current: URL): URL | null {
    const link = bundle.link?.find((l) => l.relation === 'next');
    if (link === undefined) return null;
    let next: URL;
    try {
      next = new URL(link.url, current);
    } catch {
      throw new SourceError(AGENCY, 'MALFORMED', `${type} search: next link is not a URL`);
    }
    const basePath = this.fhirBase.pathname.replace(/\/+$/, '');
    const underBase = next.pathname === basePath || next.pathname.startsWith(`${basePath}/`);
    if (next.origin !== this.fhirBase.origin || !underBase || next.username !== '' || next.password !== '') {
      throw new SourceError(AGENCY, 'MALFORMED', `${type} search: next link ${displayEndpoint(next.href)} is outside the FHIR base`);
    }
    return next;
  }
}

/** Sorts a page's entries into matches (which must be of the searched type) and included resources. */
function collect<T extends SearchableType>(type: T, bundle: Searchset, result: SearchResult<T>): void {
  for (const [index, entry] of (bundle.entry ?? []).entries()) {
    const resource = entry.resource;
    const mode = entry.search?.mode;
    if (mode === 'outcome' || resource.resourceType === 'OperationOutcome') continue;
    if (mode === 'include' || (mode === undefined && resource.resourceType !== type)) {
      result.included.push(resource);
    } else if (isOfType(type, resource)) {
      result.matches.push(resource);
    } else {
      throw new SourceError(AGENCY, 'MALFORMED', `${type} search: entry.${index} matched but is a ${resource.resourceType}`);
    }
  }
}

function isOfType<T extends SearchableType>(type: T, resource: FhirResource): resource is ResourceOf<T> {
  return resource.resourceType === type;
}

/** What a non-200 answer to a FHIR GET means; the source's diagnostics are not copied (they may echo the query). */
function refusal(url: URL, answer: HttpAnswer): SourceError {
  const outcome = OperationOutcomeSchema.safeParse(answer.body);
  const issue = outcome.success ? ` (${outcome.data.issue.map((i) => i.code).join(', ')})` : '';
  const message = `${url.pathname}: HTTP ${answer.status}${issue}`;
  if (answer.status === 403) return new SourceError(AGENCY, 'DENIED', message);
  return new SourceError(AGENCY, 'UNAVAILABLE', message, { retryable: false });
}
