/**
 * What the performance resolvers hold while the schema walks their fields (codegen mappers). Figures that cost a
 * statement are promises made on first use and shared by the fields that need them, so a field not asked for costs
 * nothing and one asked twice costs once.
 */
import type { AgencyCode } from './catalog.js';
import type { ImpactSide, OrganisationRating, Period, RankedEntry, ServiceTotals } from './performance.js';
import type { SkpRating, StaffSummary } from './staff.js';

/** The staff a summary covers. */
export interface ScopeView {
  agency: AgencyCode | null;
  workUnitId: string | null;
}

export interface ServiceRecordView {
  totals: ServiceTotals;
}

export interface StaffPerformanceView {
  nip: string;
  period: Period;
}

export interface CoverageTotalsView {
  staff: number;
  trainedLast12Months: number;
  hoursLast12Months: number;
  untrainedLast24Months: number;
}

export interface TrainingCoverageView {
  scope: ScopeView;
  /** The period's last day: coverage is measured up to it. */
  asOf: string;
  totals: () => Promise<CoverageTotalsView>;
}

export interface PerformanceSummaryView {
  scope: ScopeView;
  period: Period;
  coverage: TrainingCoverageView;
}

export interface SkpDistributionView {
  year: number;
  counts: Record<SkpRating, number>;
  /** Staff in scope (evaluated or not). */
  staff: number;
  organisationRating: OrganisationRating | null;
}

export interface ServiceImpactView {
  serviceCode: string;
  before: ImpactSide;
  after: ImpactSide;
}

export interface TrainingImpactView {
  training: string | null;
  kind: 'DIKLAT' | 'KURSUS' | null;
  agency: AgencyCode | null;
  windowDays: number;
  finishers: number;
  before: ImpactSide;
  after: ImpactSide;
  byService: ServiceImpactView[];
}

export type RecognitionSubject = 'OFFICER' | 'COUNTER';

export interface RecognitionEntryView extends RankedEntry {
  subject: RecognitionSubject;
  /** The officer as the copy of BKD's roster has them (OFFICER rankings); null when not in it. */
  staff: StaffSummary | null;
}

export interface RecognitionView {
  agency: AgencyCode;
  period: Period;
  by: RecognitionSubject;
  qualified: number;
  entries: RecognitionEntryView[];
}

export interface OrganisationRatingView {
  agency: AgencyCode;
  year: number;
  rating: OrganisationRating;
}

export interface SkpRatingCountView {
  rating: SkpRating;
  count: number;
  /** Staff evaluated that year: the denominator of the share. */
  evaluated: number;
}
