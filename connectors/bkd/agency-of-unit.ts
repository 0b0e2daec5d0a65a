/**
 * Which of the four agencies a SIASN work unit (unor) belongs to, from its name and the names above it. SIASN does not
 * say: a unit is just a name in a tree (a puskesmas under "Dinas Kesehatan Kota Jambi", a school under "Dinas
 * Pendidikan Provinsi Jambi"), so the hub reads the names, by this table:
 *
 * | names containing                                            | agency      |
 * |-------------------------------------------------------------|-------------|
 * | "Kependudukan dan Pencatatan Sipil", "Dukcapil"              | DISDUKCAPIL |
 * | "Dinas Kesehatan", "Puskesmas", "RSUD", "Rumah Sakit"        | DINKES      |
 * | "Dinas Pendidikan"; a school: SD, SMP, SMA, SMK, SLB, TK ... | DISDIK      |
 * | "Badan Kepegawaian", "BKPSDM"                                | BKD         |
 *
 * A school is recognised by its name starting with the level (optionally after "UPTD"/"UPT"): "SMA Negeri 1 Kota
 * Jambi", "SD Negeri 47/IV Kota Jambi", "UPTD SMK Negeri 2". The unit's own name is tried first, then each name up
 * its chain, so "Bidang Pendidikan dan Pelatihan" under the Badan Kepegawaian is BKD, not DISDIK. No match: null (a
 * unit outside the four, e.g. Bappeda).
 */
import type { AgencyCode } from '../../src/domain/catalog.js';

interface AgencyRule {
  agency: AgencyCode;
  pattern: RegExp;
}

const SCHOOL_LEVELS = ['SD', 'SDN', 'SMP', 'SMPN', 'SMA', 'SMAN', 'SMK', 'SMKN', 'SLB', 'SLBN', 'TK', 'TKN'];

const RULES: readonly AgencyRule[] = [
  { agency: 'DISDUKCAPIL', pattern: /\bkependudukan dan pencatatan sipil\b|\bdukcapil\b/i },
  { agency: 'DINKES', pattern: /\bdinas kesehatan\b|\bpuskesmas\b|\brsud\b|\brumah sakit\b/i },
  { agency: 'DISDIK', pattern: new RegExp(`\\bdinas pendidikan\\b|^(?:uptd?\\s+)?(?:${SCHOOL_LEVELS.join('|')})\\b`, 'i') },
  { agency: 'BKD', pattern: /\bbadan kepegawaian\b|\bbkpsdmd?\b/i },
];

/** The agency of the first name (the unit's own, then up its chain) that a rule matches; blanks are skipped. */
export function agencyOfUnit(names: readonly (string | null)[]): AgencyCode | null {
  for (const name of names) {
    if (name === null) continue;
    const collapsed = name.replace(/\s+/g, ' ').trim();
    const rule = RULES.find(({ pattern }) => pattern.test(collapsed));
    if (rule !== undefined) return rule.agency;
  }
  return null;
}
