/** Reading common FHIR data types the way the connector needs them: reference ids, codes, address text. */
import type { FhirAddress, FhirCodeableConcept, FhirReference } from './schemas.js';
import { ADMINISTRATIVE_CODE_URL } from './systems.js';

/**
 * The id a reference points to when it is of `type`: `Organization/abc`, an absolute URL ending in it, or either with
 * `/_history/<v>`. Null for a missing reference, another type, or a contained/logical reference.
 */
export function referenceId(reference: FhirReference | undefined, type: string): string | null {
  const match = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference?.reference ?? '');
  return match !== null && match[1] === type ? match[2]! : null;
}

/** The code of the first coding from `system` in any of the concepts. */
export function codeFrom(concepts: readonly FhirCodeableConcept[] | undefined, system: string): { code: string; display: string | null } | null {
  for (const concept of concepts ?? []) {
    for (const coding of concept.coding ?? []) {
      if (coding.system === system && coding.code !== undefined && coding.code !== '') return { code: coding.code, display: coding.display ?? null };
    }
  }
  return null;
}

/** What a concept says for people: its text, else its first coding's display, else its first code. */
export function conceptLabel(concept: FhirCodeableConcept | undefined): string | null {
  if (concept === undefined) return null;
  const text = concept.text?.trim();
  if (text) return text;
  for (const coding of concept.coding ?? []) {
    const label = coding.display?.trim() || coding.code?.trim();
    if (label) return label;
  }
  return null;
}

/** A one-line address: `text` when the source wrote one, else the lines and the city. */
export function addressText(address: FhirAddress | undefined): string {
  if (address === undefined) return '';
  const text = address.text?.trim();
  if (text) return text;
  return [...(address.line ?? []), address.city ?? '']
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

/** The Kemendagri regency/city code (4 digits) from the administrative-code extension, or null. */
export function regencyCode(address: FhirAddress | undefined): string | null {
  const extension = address?.extension?.find((e) => e.url === ADMINISTRATIVE_CODE_URL);
  const city = extension?.extension?.find((e) => e.url === 'city');
  const code = city?.valueCode ?? city?.valueString;
  return code !== undefined && /^\d{4}$/.test(code) ? code : null;
}

/** Splits values into groups of at most `size` (for OR-ed search values). */
export function chunks<T>(values: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < values.length; start += size) groups.push(values.slice(start, start + size));
  return groups;
}
