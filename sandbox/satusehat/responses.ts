/** How the stand-in answers: FHIR JSON, OperationOutcomes for errors, and the token route's Apigee-style JSON. */
import type { StandInResponse } from '../kit/http-stand-in.js';
import { FHIR_CONTENT_TYPE } from './systems.js';

/** FHIR issue types the stand-in uses (http://hl7.org/fhir/issue-type). */
export type IssueType = 'login' | 'not-found' | 'not-supported' | 'invalid' | 'exception' | 'processing';

export function fhirAnswer(status: number, body: unknown, headers: Record<string, string> = {}): StandInResponse {
  return { status, body, contentType: FHIR_CONTENT_TYPE, headers };
}

export function operationOutcome(status: number, code: IssueType, diagnostics: string, headers: Record<string, string> = {}): StandInResponse {
  return fhirAnswer(status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] }, headers);
}

/** A 401 as the FHIR gateway gives it for a missing, unknown or expired bearer token. */
export function unauthorized(diagnostics: string): StandInResponse {
  return operationOutcome(401, 'login', diagnostics, { 'www-authenticate': 'Bearer error="invalid_token"' });
}

/** The token route's error shape (the OAuth gateway's, not FHIR's). */
export function gatewayError(status: number, errorCode: string, error: string): StandInResponse {
  return { status, body: { ErrorCode: errorCode, Error: error }, contentType: 'application/json' };
}
