/**
 * Answers that break SATUSEHAT's contract, for the `malformed` fault. Each call takes the next variant in turn, so a
 * test that fails a few calls sees several kinds of breakage, and each variant breaks something a client must rely on.
 */
import type { FhirResourceJson } from './render.js';
import type { SearchsetBundle } from './search.js';

type Json = Record<string, unknown>;

const BUNDLE_VARIANTS = [
  /** `total` as a string. */
  (bundle: SearchsetBundle): Json => ({ ...bundle, total: String(bundle.total) }),
  /** An entry without its `resource`. */
  (bundle: SearchsetBundle): Json => {
    const [first, ...rest] = bundle.entry ?? [];
    return { ...bundle, entry: [{ fullUrl: first?.fullUrl ?? `${bundle.link[0]?.url ?? ''}/missing` }, ...rest] };
  },
  /** Entries whose resources are of a type nobody searched for. */
  (bundle: SearchsetBundle): Json => {
    const entries = bundle.entry ?? [{ fullUrl: 'Patient/p1', resource: { resourceType: 'Organization', id: 'p1' }, search: { mode: 'match' as const } }];
    return { ...bundle, entry: entries.map((entry) => ({ ...entry, resource: { ...entry.resource, resourceType: 'Patient' } })) };
  },
  /** Not a searchset at all. */
  (bundle: SearchsetBundle): Json => ({ ...bundle, resourceType: 'Bundel', type: 'search-set' }),
] as const;

const RESOURCE_VARIANTS = [
  (resource: FhirResourceJson): Json => ({ ...resource, resourceType: 'Patient' }),
  (resource: FhirResourceJson): Json => ({ ...resource, id: 42 }),
] as const;

export class MalformedAnswers {
  private next = 0;

  bundle(bundle: SearchsetBundle): Json {
    return BUNDLE_VARIANTS[this.advance(BUNDLE_VARIANTS.length)]!(bundle);
  }

  resource(resource: FhirResourceJson): Json {
    return RESOURCE_VARIANTS[this.advance(RESOURCE_VARIANTS.length)]!(resource);
  }

  /** A token answer without `access_token` and with an `expires_in` that is no number. */
  token(answer: Json): Json {
    const { access_token: _dropped, ...rest } = answer;
    return { ...rest, expires_in: 'soon' };
  }

  private advance(variants: number): number {
    const index = this.next % variants;
    this.next += 1;
    return index;
  }
}
