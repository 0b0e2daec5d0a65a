/**
 * FHIR search over the rendered store: the search parameters SATUSEHAT supports for the five resource types the hub
 * reads, comma-separated values OR-ed (`identifier=sys|a,sys|b`), repeated parameters AND-ed, `_include` of a
 * PractitionerRole's organization, and searchset Bundles paged by an opaque page token in the `next` link.
 *
 * Unknown search parameters are refused with 400 (strict handling, as `Prefer: handling=strict` asks of a FHIR
 * server), so a connector that sends a parameter the server would silently ignore finds out here rather than in
 * production.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IssueType } from './responses.js';
import type { FhirResourceJson, FhirStore, ResourceType, StoredResource } from './render.js';

type ParamKind = 'token' | 'reference' | 'string';

const SEARCH_PARAMS: Readonly<Record<ResourceType, Readonly<Record<string, ParamKind>>>> = {
  Organization: { _id: 'token', identifier: 'token', type: 'token', partof: 'reference', name: 'string' },
  Location: { _id: 'token', identifier: 'token', organization: 'reference', name: 'string' },
  HealthcareService: { _id: 'token', organization: 'reference', 'service-type': 'token', active: 'token', name: 'string' },
  Practitioner: { _id: 'token', identifier: 'token' },
  PractitionerRole: { _id: 'token', practitioner: 'reference', organization: 'reference', role: 'token', active: 'token' },
};

/** Result parameters; `_format` and `_pretty` are accepted and have no effect on JSON. */
const RESULT_PARAMS = new Set(['_count', '_page_token', '_include', '_format', '_pretty']);

/** `_include` values per resource type: the reference parameter followed and the type it points to. */
const INCLUDES: Readonly<Partial<Record<ResourceType, Readonly<Record<string, { param: string; target: ResourceType }>>>>> = {
  PractitionerRole: {
    'PractitionerRole:organization': { param: 'organization', target: 'Organization' },
    'PractitionerRole:practitioner': { param: 'practitioner', target: 'Practitioner' },
  },
  Location: { 'Location:organization': { param: 'organization', target: 'Organization' } },
  HealthcareService: { 'HealthcareService:organization': { param: 'organization', target: 'Organization' } },
};

export interface PagingSettings {
  /** Page size when the request has no `_count`. */
  defaultCount: number;
  /** Largest page served whatever `_count` asks for. */
  maxCount: number;
}

export interface BundleEntry {
  fullUrl: string;
  resource: FhirResourceJson;
  search: { mode: 'match' | 'include' };
}

export interface SearchsetBundle {
  resourceType: 'Bundle';
  id: string;
  meta: { lastUpdated: string };
  type: 'searchset';
  total: number;
  link: { relation: 'self' | 'next'; url: string }[];
  /** Absent when the page is empty (FHIR JSON leaves out empty arrays). */
  entry?: BundleEntry[];
}

export type SearchAnswer = { ok: true; bundle: SearchsetBundle } | { ok: false; status: 400; code: IssueType; diagnostics: string };

/**
 * Runs the search `query` over `type`. `fhirBase` is the absolute base the links are written under (the server's
 * public URL, e.g. `http://127.0.0.1:4711/fhir-r4/v1`).
 */
export function search(store: FhirStore, type: ResourceType, query: URLSearchParams, fhirBase: string, paging: PagingSettings): SearchAnswer {
  const filters: { values: string[]; matches: (resource: StoredResource, value: string) => boolean }[] = [];
  for (const [name, value] of query) {
    if (RESULT_PARAMS.has(name)) continue;
    const kind = SEARCH_PARAMS[type][name];
    if (kind === undefined) return refuse('not-supported', `Search parameter '${name}' is not supported for resource type ${type}`);
    filters.push({ values: value.split(',').map(normalizer(kind)), matches: matcher(name, kind) });
  }

  const count = readCount(query.get('_count'), paging);
  if (count === null) return refuse('invalid', `_count must be a non-negative integer`);
  const hash = queryHash(type, query);
  const offset = readPageToken(query.get('_page_token'), hash);
  if (offset === null) return refuse('invalid', 'Invalid or expired page token');
  const includes: { param: string; target: ResourceType }[] = [];
  for (const value of query.getAll('_include')) {
    const include = INCLUDES[type]?.[value];
    if (include === undefined) return refuse('not-supported', `_include '${value}' is not supported for resource type ${type}`);
    includes.push(include);
  }

  const matches = store.list(type).filter((resource) => filters.every((filter) => filter.values.some((value) => filter.matches(resource, value))));
  const page = matches.slice(offset, offset + count);
  const entry: BundleEntry[] = page.map((resource) => ({ fullUrl: `${fhirBase}/${type}/${resource.json.id}`, resource: resource.json, search: { mode: 'match' } }));
  const included = new Set<string>();
  for (const include of includes) {
    for (const resource of page) {
      for (const id of resource.index[include.param] ?? []) {
        const target = store.read(include.target, id);
        const key = `${include.target}/${id}`;
        if (target === undefined || included.has(key)) continue;
        included.add(key);
        entry.push({ fullUrl: `${fhirBase}/${key}`, resource: target.json, search: { mode: 'include' } });
      }
    }
  }

  const link: SearchsetBundle['link'] = [{ relation: 'self', url: `${fhirBase}/${type}?${query}` }];
  const nextOffset = offset + count;
  if (count > 0 && nextOffset < matches.length) {
    const next = new URLSearchParams([...query].filter(([name]) => name !== '_page_token'));
    next.set('_page_token', writePageToken(nextOffset, hash));
    link.push({ relation: 'next', url: `${fhirBase}/${type}?${next}` });
  }
  return {
    ok: true,
    bundle: {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: matches.length,
      link,
      ...(entry.length === 0 ? {} : { entry }),
    },
  };
}

function refuse(code: IssueType, diagnostics: string): SearchAnswer {
  return { ok: false, status: 400, code, diagnostics };
}

/** How a query value is compared: references by their id (`Organization/abc`, an absolute URL or `abc`). */
function normalizer(kind: ParamKind): (value: string) => string {
  switch (kind) {
    case 'token':
      return (value) => value;
    case 'reference':
      return (value) => value.slice(value.lastIndexOf('/') + 1);
    case 'string':
      return (value) => value.toLowerCase();
  }
}

function matcher(name: string, kind: ParamKind): (resource: StoredResource, value: string) => boolean {
  switch (kind) {
    case 'token':
    case 'reference':
      return (resource, value) => (resource.index[name] ?? []).includes(value);
    case 'string':
      // FHIR string search: case-insensitive "starts with".
      return (resource, value) => (resource.index[name] ?? []).some((indexed) => indexed.toLowerCase().startsWith(value));
  }
}

function readCount(value: string | null, paging: PagingSettings): number | null {
  if (value === null) return paging.defaultCount;
  if (!/^\d{1,6}$/.test(value)) return null;
  return Math.min(Number(value), paging.maxCount);
}

/** Ties a page token to its query, so that a token pasted onto another search is refused. */
function queryHash(type: ResourceType, query: URLSearchParams): string {
  const canonical = [...query]
    .filter(([name]) => name !== '_page_token')
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join('&');
  return createHash('sha256').update(`${type}?${canonical}`).digest('hex').slice(0, 16);
}

function writePageToken(offset: number, hash: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: hash })).toString('base64url');
}

/** The offset a page token stands for; 0 without a token; null for a token that is not ours or not this query's. */
function readPageToken(token: string | null, hash: string): number | null {
  if (token === null) return 0;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return null;
    const { o, h } = decoded as Record<string, unknown>;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 && h === hash ? o : null;
  } catch {
    return null;
  }
}
