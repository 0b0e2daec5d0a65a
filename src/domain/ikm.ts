/**
 * The community satisfaction index (Indeks Kepuasan Masyarakat) of PermenPAN-RB 14/2017, exactly as the regulation
 * computes it, and the Krejcie-Morgan sample size its annex asks for.
 *
 * - Nine elements U1..U9, each answered 1..4. An element's NRR (nilai rata-rata) is the mean of its answers.
 * - IKM = sum over elements of NRR x 1/9 (each element weighs the same); on the 25..100 scale, IKM x 25.
 * - Grade by the converted score, as published to two decimals: A 88.31-100 (Sangat Baik), B 76.61-88.30 (Baik),
 *   C 65.00-76.60 (Kurang Baik), D 25.00-64.99 (Tidak Baik), each lower bound inclusive.
 */

export const IKM_ELEMENTS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;
export type IkmElement = (typeof IKM_ELEMENTS)[number];

export const IKM_ELEMENT_NAMES: Readonly<Record<IkmElement, string>> = {
  U1: 'Persyaratan',
  U2: 'Sistem, Mekanisme dan Prosedur',
  U3: 'Waktu Penyelesaian',
  U4: 'Biaya/Tarif',
  U5: 'Produk Spesifikasi Jenis Pelayanan',
  U6: 'Kompetensi Pelaksana',
  U7: 'Perilaku Pelaksana',
  U8: 'Sarana dan Prasarana',
  U9: 'Penanganan Pengaduan, Saran dan Masukan',
};

export const IKM_GRADES = ['A', 'B', 'C', 'D'] as const;
export type IkmGrade = (typeof IKM_GRADES)[number];

export const IKM_GRADE_LABELS: Readonly<Record<IkmGrade, string>> = {
  A: 'Sangat Baik',
  B: 'Baik',
  C: 'Kurang Baik',
  D: 'Tidak Baik',
};

/** Lower bounds of the converted score, best grade first. */
const GRADE_FLOORS: readonly (readonly [IkmGrade, number])[] = [
  ['A', 88.31],
  ['B', 76.61],
  ['C', 65.0],
  ['D', 25.0],
];

export const ANSWER_MIN = 1;
export const ANSWER_MAX = 4;

/** Sums of answers per element over a set of responses, as SQL returns them. */
export interface ElementSums {
  responses: number;
  /** Sum of the answers to U1..U9, in order. */
  sums: readonly number[];
}

export interface ElementScore {
  element: IkmElement;
  name: string;
  /** Mean answer, 1..4. */
  nrr: number;
  /** NRR x 1/9. */
  weighted: number;
  /** NRR x 25. */
  converted: number;
}

export interface IkmScore {
  responses: number;
  /** 1..4, unrounded. */
  unit: number;
  /** 25..100, rounded to two decimals (as published, and as graded). */
  converted: number;
  grade: IkmGrade;
  label: string;
  elements: ElementScore[];
  /** The element with the lowest NRR (the first of equals, in U order). */
  lowest: ElementScore;
}

/** Round half away from zero to `digits` decimals, on the decimal value (not the binary float's expansion). */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.sign(value) * Math.round(Number((Math.abs(value) * factor).toPrecision(15))) / factor;
}

export function gradeOf(converted: number): IkmGrade {
  const rounded = roundTo(converted, 2);
  for (const [grade, floor] of GRADE_FLOORS) if (rounded >= floor) return grade;
  return 'D';
}

/** The IKM of a set of responses; null when there are none. */
export function ikmOf(totals: ElementSums): IkmScore | null {
  if (totals.responses === 0) return null;
  if (totals.sums.length !== IKM_ELEMENTS.length) throw new Error(`expected ${IKM_ELEMENTS.length} element sums, got ${totals.sums.length}`);
  const elements = IKM_ELEMENTS.map((element, i): ElementScore => {
    const nrr = (totals.sums[i] as number) / totals.responses;
    return { element, name: IKM_ELEMENT_NAMES[element], nrr, weighted: nrr / IKM_ELEMENTS.length, converted: nrr * 25 };
  });
  const unit = elements.reduce((sum, e) => sum + e.weighted, 0);
  const converted = roundTo(unit * 25, 2);
  const grade = gradeOf(converted);
  const lowest = elements.reduce((low, e) => (e.nrr < low.nrr ? e : low));
  return { responses: totals.responses, unit, converted, grade, label: IKM_GRADE_LABELS[grade], elements, lowest };
}

/**
 * The sample Krejcie and Morgan's table gives for a population of `population`: s = X^2 N P(1-P) / (d^2 (N-1) +
 * X^2 P(1-P)) with X^2 = 3.841 (95 % confidence, 1 degree of freedom), P = 0.5 and d = 0.05, rounded to the nearest
 * whole respondent as the published table is (N 100 -> 80, 1,000 -> 278, 10,000 -> 370, 1,000,000 -> 384).
 */
export function krejcieMorganSample(population: number): number {
  if (population <= 0) return 0;
  const chiSquare = 3.841;
  const p = 0.5;
  const d = 0.05;
  const s = (chiSquare * population * p * (1 - p)) / (d * d * (population - 1) + chiSquare * p * (1 - p));
  return Math.min(population, Math.round(s));
}
