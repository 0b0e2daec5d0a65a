/**
 * Survey responses and the satisfaction figures built from them (see ./ikm.ts for the rules).
 */
import type { AgencyCode } from './catalog.js';
import type { IkmScore } from './ikm.js';
import type { Sex } from './identity.js';

export const AGE_BANDS = ['UNDER_20', 'AGE_20_29', 'AGE_30_39', 'AGE_40_49', 'AGE_50_59', 'AGE_60_PLUS'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const EDUCATIONS = ['SD_OR_LESS', 'SMP', 'SMA', 'DIPLOMA', 'S1', 'S2_OR_HIGHER'] as const;
export type Education = (typeof EDUCATIONS)[number];
export const OCCUPATIONS = ['PNS', 'TNI_POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR_MAHASISWA', 'LAINNYA'] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

export interface Respondent {
  ageBand: AgeBand | null;
  sex: Sex | null;
  education: Education | null;
  occupation: Occupation | null;
}

export interface SurveyResponse {
  id: string;
  serviceCode: string;
  agencyCode: AgencyCode;
  officeCode: string | null;
  ticketId: string | null;
  answers: readonly number[];
  comment: string | null;
  respondent: Respondent;
  submittedAt: Date;
}

export interface SatisfactionFilter {
  agency: AgencyCode | null;
  serviceCode: string | null;
  officeCode: string | null;
  officerNip: string | null;
  /** `YYYY-MM-DD`, Asia/Jakarta, inclusive. */
  from: string | null;
  to: string | null;
}

/** `satisfaction`'s answer: the score (null with no responses) and the sample beside it. */
export interface SatisfactionView {
  responses: number;
  score: IkmScore | null;
  /** Tickets served in the period and scope: the survey's population. */
  servedTickets: number;
}

export const SERIES_BUCKETS = ['DAY', 'WEEK', 'MONTH'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

export interface SatisfactionPoint {
  /** First day of the bucket. */
  start: string;
  responses: number;
  score: IkmScore | null;
}
