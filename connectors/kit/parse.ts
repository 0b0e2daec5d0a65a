/**
 * Payloads from source systems are untrusted: each is parsed from `unknown` once, at the connector boundary. A payload
 * that does not fit becomes a MALFORMED {@link SourceError} naming the first bad field, never a half-filled object.
 */
import type { z } from 'zod';
import type { AgencyCode } from '../../src/domain/catalog.js';
import { SourceError } from './source-error.js';

export function parseSource<S extends z.ZodType>(agency: AgencyCode, what: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  throw new SourceError(agency, 'MALFORMED', `${what}: ${field}: ${issue?.message ?? 'does not match'}`);
}

/** `dd-mm-yyyy` (SIASN's date format) to `YYYY-MM-DD`; null for an empty or impossible date. */
export function dmyToIso(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value.trim());
  if (match === null) return null;
  const [, dd, mm, yyyy] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (date.getUTCDate() !== Number(dd) || date.getUTCMonth() !== Number(mm) - 1) return null;
  return `${yyyy}-${mm}-${dd}`;
}
