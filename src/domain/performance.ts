/**
 * Staff performance rules in one place: what the service indicators mean, the SKP distribution guidance of
 * PermenPAN-RB 6/2022, the recognition composite, and when a before/after comparison of a training may be believed.
 * Pure functions over the totals the performance store computes in SQL.
 *
 * Attribution (decided, documented for dashboards):
 * - A ticket belongs to the officer who called it (`ticket.served_by_nip`) and to the counter it was called to.
 * - Handling time is `done_at - serving_at` of DONE tickets, in minutes; median and p90 interpolate between the
 *   closest ranks (PostgreSQL's percentile_cont).
 * - No-show rate is SKIPPED / (DONE + SKIPPED) over the tickets the officer called (a called ticket the citizen
 *   cancelled counts in neither).
 * - IKM per officer is over the surveys tied to the tickets they served (`survey_response.officer_nip`, recorded from
 *   the ticket when the survey is submitted).
 * - Complaints are pengaduan (not aspirations or information requests) filed in the period (Asia/Jakarta day of
 *   submission). One naming a ticket counts for the officer who served it and the counter it was served at
 *   ("about tickets"). One naming a service (and perhaps an office) but no ticket cannot be pinned on a person: it
 *   counts, as context, for every officer and counter that served that service (at that office, when named) in the
 *   period ("about services"). Only complaints about tickets enter rates and the recognition composite.
 */
import type { AgencyCode } from './catalog.js';
import type { ElementSums, IkmScore } from './ikm.js';
import { ikmOf } from './ikm.js';
import type { SkpRating } from './staff.js';
import { SKP_RATINGS, SKP_RATING_LABELS } from './staff.js';

/** A period of Asia/Jakarta days, both inclusive, `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** The longest period a performance query may span: two years and a day (a leap year's comparison). */
export const MAX_PERIOD_DAYS = 732;

/** Service totals of one officer, one counter, or a whole scope, as the store aggregates them. */
export interface ServiceTotals {
  /** Tickets completed (DONE). */
  done: number;
  /** Tickets called and skipped (no-show). */
  skipped: number;
  medianHandlingMinutes: number | null;
  p90HandlingMinutes: number | null;
  /**
   * Sum of handling minutes over sum of the service's median minutes, ticket by ticket: 1 is "as fast as usual for the
   * services handled", 0.8 "a fifth faster". Null when not asked for or without tickets.
   */
  relativeHandling: number | null;
  surveys: ElementSums;
  complaintsAboutTickets: number;
  complaintsAboutServices: number;
}

export const EMPTY_TOTALS: ServiceTotals = Object.freeze({
  done: 0,
  skipped: 0,
  medianHandlingMinutes: null,
  p90HandlingMinutes: null,
  relativeHandling: null,
  surveys: { responses: 0, sums: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
  complaintsAboutTickets: 0,
  complaintsAboutServices: 0,
});

export function noShowRate(totals: Pick<ServiceTotals, 'done' | 'skipped'>): number | null {
  const called = totals.done + totals.skipped;
  return called === 0 ? null : totals.skipped / called;
}

export function complaintsPer100Tickets(totals: Pick<ServiceTotals, 'done' | 'complaintsAboutTickets'>): number | null {
  return totals.done === 0 ? null : (100 * totals.complaintsAboutTickets) / totals.done;
}

// ---- SKP distribution guidance ---------------------------------------------------------------------------------------

/** Predikat kinerja organisasi (PermenPAN-RB 6/2022): the organisation's own annual rating. */
export const ORGANISATION_RATINGS = ['ISTIMEWA', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type OrganisationRating = (typeof ORGANISATION_RATINGS)[number];

export const ORGANISATION_RATING_LABELS: Readonly<Record<OrganisationRating, string>> = {
  ISTIMEWA: 'Istimewa',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang',
  SANGAT_KURANG: 'Sangat Kurang',
};

/** AT_MOST / AT_LEAST: a share of the evaluated staff; SOME: at least one person ("harus ada"). */
export type DistributionBound = 'AT_MOST' | 'AT_LEAST' | 'SOME';

export interface DistributionRule {
  /** The ratings whose staff are counted together. */
  ratings: readonly SkpRating[];
  bound: DistributionBound;
  /** Share of the evaluated staff, 0..1; null for SOME. */
  limit: number | null;
  /** The rule as the guidance words it. */
  description: string;
}

/**
 * The distribution of staff ratings that the organisation's own rating allows ("pola distribusi predikat kinerja
 * pegawai berdasarkan predikat kinerja organisasi", PermenPAN-RB 6/2022, the annex on setting staff ratings):
 *
 * | organisation     | staff ratings                                                                           |
 * |------------------|-----------------------------------------------------------------------------------------|
 * | Istimewa         | Sangat Baik at most 70% (most staff); the rest any rating                                |
 * | Baik             | Baik at most 70% (most staff); some Butuh Perbaikan and/or Kurang required; the rest any |
 * | Butuh Perbaikan  | Butuh Perbaikan at least 60%; Sangat Baik at most 10%                                    |
 * | Kurang           | Kurang at least 60%; Butuh Perbaikan at least 10%; Sangat Baik at most 10%               |
 * | Sangat Kurang    | Sangat Kurang at least 60%; Kurang and/or Butuh Perbaikan at least 10%; no Sangat Baik    |
 *
 * The figures are those of the guidance as published in summaries of the regulation's annex; they have not been
 * checked here against the text in the official gazette. "Most staff" (sebagian besar) beside the 70% caps is read
 * as wording, not as a second bound: only the numbers are checked.
 */
export const DISTRIBUTION_GUIDANCE: Readonly<Record<OrganisationRating, readonly DistributionRule[]>> = {
  ISTIMEWA: [{ ratings: ['SANGAT_BAIK'], bound: 'AT_MOST', limit: 0.7, description: 'Sangat Baik: at most 70% of staff' }],
  BAIK: [
    { ratings: ['BAIK'], bound: 'AT_MOST', limit: 0.7, description: 'Baik: at most 70% of staff' },
    { ratings: ['BUTUH_PERBAIKAN', 'KURANG'], bound: 'SOME', limit: null, description: 'some staff rated Butuh Perbaikan and/or Kurang' },
  ],
  BUTUH_PERBAIKAN: [
    { ratings: ['BUTUH_PERBAIKAN'], bound: 'AT_LEAST', limit: 0.6, description: 'Butuh Perbaikan: at least 60% of staff' },
    { ratings: ['SANGAT_BAIK'], bound: 'AT_MOST', limit: 0.1, description: 'Sangat Baik: at most 10% of staff' },
  ],
  KURANG: [
    { ratings: ['KURANG'], bound: 'AT_LEAST', limit: 0.6, description: 'Kurang: at least 60% of staff' },
    { ratings: ['BUTUH_PERBAIKAN'], bound: 'AT_LEAST', limit: 0.1, description: 'Butuh Perbaikan: at least 10% of staff' },
    { ratings: ['SANGAT_BAIK'], bound: 'AT_MOST', limit: 0.1, description: 'Sangat Baik: at most 10% of staff' },
  ],
  SANGAT_KURANG: [
    { ratings: ['SANGAT_KURANG'], bound: 'AT_LEAST', limit: 0.6, description: 'Sangat Kurang: at least 60% of staff' },
    { ratings: ['KURANG', 'BUTUH_PERBAIKAN'], bound: 'AT_LEAST', limit: 0.1, description: 'Kurang and/or Butuh Perbaikan: at least 10% of staff' },
    { ratings: ['SANGAT_BAIK'], bound: 'AT_MOST', limit: 0, description: 'no staff rated Sangat Baik' },
  ],
};

export interface RuleCheck extends DistributionRule {
  /** Share of the evaluated staff with one of the rule's ratings (0 when nobody was evaluated). */
  actual: number;
  count: number;
  respected: boolean;
}

/** Each rule of the guidance for `organisation`, checked against the rating counts. */
export function checkDistribution(organisation: OrganisationRating, counts: Readonly<Record<SkpRating, number>>): RuleCheck[] {
  const evaluated = SKP_RATINGS.reduce((sum, rating) => sum + counts[rating], 0);
  return DISTRIBUTION_GUIDANCE[organisation].map((rule) => {
    const count = rule.ratings.reduce((sum, rating) => sum + counts[rating], 0);
    const actual = evaluated === 0 ? 0 : count / evaluated;
    return { ...rule, count, actual, respected: respects(rule, count, actual) };
  });
}

function respects(rule: DistributionRule, count: number, actual: number): boolean {
  switch (rule.bound) {
    case 'AT_MOST':
      return actual <= (rule.limit ?? 0) + 1e-9;
    case 'AT_LEAST':
      return actual >= (rule.limit ?? 0) - 1e-9;
    case 'SOME':
      return count > 0;
  }
}

export function skpLabel(rating: SkpRating): string {
  return SKP_RATING_LABELS[rating];
}

// ---- recognition -----------------------------------------------------------------------------------------------------

/**
 * The recognition composite, 0..100: a weighted sum of four components, each 0..1.
 *
 * - satisfaction (weight 0.4): (IKM - 25) / 75, the IKM on the 25..100 scale made 0..1.
 * - speed (0.3): 1.5 - relative handling, clamped to 0..1: handling at the services' median (1.0) scores 0.5, a third
 *   faster (0.5 or less) scores 1, half as slow again (1.5 or more) scores 0. Relative handling compares each ticket
 *   with the province-wide median of its service in the period, so a counter of slow services is not punished.
 * - attendance (0.15): 1 - no-show rate (citizens who did not come when called; a counter that calls promptly has fewer).
 * - complaints (0.15): 1 - complaints about their tickets per 100 tickets / 5, clamped: 5 or more per 100 scores 0.
 *
 * To qualify, an officer or counter needs at least {@link RECOGNITION_MIN_TICKETS} served tickets and
 * {@link RECOGNITION_MIN_SURVEYS} surveys in the period: fewer, and one good day would decide the ranking.
 */
export const RECOGNITION_WEIGHTS = { satisfaction: 0.4, speed: 0.3, attendance: 0.15, complaints: 0.15 } as const;
export const RECOGNITION_MIN_TICKETS = 30;
export const RECOGNITION_MIN_SURVEYS = 10;
/** Complaints per 100 tickets at which the complaints component reaches 0. */
const COMPLAINTS_PER_100_AT_ZERO = 5;

export interface RecognitionComponents {
  satisfaction: number;
  speed: number;
  attendance: number;
  complaints: number;
}

export interface RecognitionCandidate {
  /** NIP or counter id. */
  key: string;
  totals: ServiceTotals;
}

export interface RankedEntry {
  rank: number;
  key: string;
  score: number;
  components: RecognitionComponents;
  totals: ServiceTotals;
  ikm: IkmScore;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Null when the candidate does not qualify (too few tickets or surveys). */
export function recognitionScore(totals: ServiceTotals): { score: number; components: RecognitionComponents; ikm: IkmScore } | null {
  if (totals.done < RECOGNITION_MIN_TICKETS || totals.surveys.responses < RECOGNITION_MIN_SURVEYS) return null;
  const ikm = ikmOf(totals.surveys);
  if (ikm === null) return null;
  const components: RecognitionComponents = {
    satisfaction: clamp01((ikm.converted - 25) / 75),
    speed: totals.relativeHandling === null ? 0.5 : clamp01(1.5 - totals.relativeHandling),
    attendance: 1 - (noShowRate(totals) ?? 0),
    complaints: clamp01(1 - (complaintsPer100Tickets(totals) ?? 0) / COMPLAINTS_PER_100_AT_ZERO),
  };
  const w = RECOGNITION_WEIGHTS;
  const score = 100 * (w.satisfaction * components.satisfaction + w.speed * components.speed + w.attendance * components.attendance + w.complaints * components.complaints);
  return { score: Math.round(score * 100) / 100, components, ikm };
}

/** Qualifying candidates, best first; equal scores share a rank (1, 2, 2, 4) and are ordered by key. */
export function rankCandidates(candidates: readonly RecognitionCandidate[]): RankedEntry[] {
  const scored = candidates.flatMap((c) => {
    const result = recognitionScore(c.totals);
    return result === null ? [] : [{ key: c.key, totals: c.totals, ...result }];
  });
  scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let rank = 0;
  return scored.map((entry, index) => {
    if (index === 0 || entry.score !== scored[index - 1]?.score) rank = index + 1;
    return { rank, ...entry };
  });
}

// ---- training impact -------------------------------------------------------------------------------------------------

/** A side of a before/after comparison needs at least this many surveys, and this many people with tickets. */
export const IMPACT_MIN_SURVEYS = 30;
export const IMPACT_MIN_PEOPLE = 5;
export const IMPACT_DEFAULT_WINDOW_DAYS = 90;

export interface ImpactSide {
  /** Finishers with at least one served ticket on this side. */
  people: number;
  tickets: number;
  medianHandlingMinutes: number | null;
  surveys: ElementSums;
  complaints: number;
}

export const EMPTY_SIDE: ImpactSide = Object.freeze({ people: 0, tickets: 0, medianHandlingMinutes: null, surveys: { responses: 0, sums: [0, 0, 0, 0, 0, 0, 0, 0, 0] }, complaints: 0 });

/** Null when both sides are large enough; otherwise the reason in plain words. */
export function inconclusiveReason(before: ImpactSide, after: ImpactSide): string | null {
  const reasons: string[] = [];
  for (const [name, side] of [['before', before], ['after', after]] as const) {
    if (side.people < IMPACT_MIN_PEOPLE) reasons.push(`${side.people} ${side.people === 1 ? 'person' : 'people'} served tickets ${name} the training (at least ${IMPACT_MIN_PEOPLE} needed)`);
    if (side.surveys.responses < IMPACT_MIN_SURVEYS) reasons.push(`${side.surveys.responses} ${side.surveys.responses === 1 ? 'survey' : 'surveys'} ${name} the training (at least ${IMPACT_MIN_SURVEYS} needed)`);
  }
  return reasons.length === 0 ? null : `Too small a sample to tell: ${reasons.join('; ')}.`;
}

// ---- the staff copy --------------------------------------------------------------------------------------------------

export interface StaffSyncState {
  agency: AgencyCode;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorCode: string | null;
  staff: number;
  trainings: number;
  evaluations: number;
}

/**
 * The copy is stale when the last sync failed, when the source's breaker is not closed (BKD is failing now), or,
 * with a scheduled sync, when no sync has succeeded for three intervals. Never synced is not stale: it is empty.
 */
export function isStaffCopyStale(state: StaffSyncState | null, breaker: 'CLOSED' | 'OPEN' | 'HALF_OPEN', now: Date, intervalMs: number | null): boolean {
  if (breaker !== 'CLOSED') return true;
  if (state === null || state.lastAttemptAt === null) return false;
  if (state.lastErrorCode !== null) return true;
  if (intervalMs === null) return false;
  return state.lastSuccessAt === null || now.getTime() - state.lastSuccessAt.getTime() > 3 * intervalMs;
}
