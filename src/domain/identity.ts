/**
 * Indonesian identity numbers, as DESIGN.md fixes them.
 *
 * - NIK (Nomor Induk Kependudukan), 16 digits: province(2) regency(2) district(2) DDMMYY serial(4), where a woman's
 *   day of birth is written plus 40. Jambi is province 15 (Kota Jambi 1571, Muaro Jambi 1505, Batanghari 1504).
 * - NIP (Nomor Induk Pegawai), 18 digits: birth date YYYYMMDD, first appointment YYYYMM, sex digit (1 man, 2 woman),
 *   serial(3).
 *
 * Parsing checks structure and calendar dates, not existence: whether a NIK belongs to someone is the civil registry's
 * to say.
 */
/** As the NIK and NIP encode it. */
export type Sex = 'M' | 'F';

export interface ParsedNik {
  nik: string;
  provinceCode: string;
  /** Kemendagri regency/city code, 4 digits (province included). */
  regencyCode: string;
  /** Kemendagri district code, 6 digits. */
  districtCode: string;
  sex: Sex;
  /** Day and month of birth, and the two-digit year (the century is not in the NIK). */
  birthDay: number;
  birthMonth: number;
  birthYearTwoDigits: number;
  serial: string;
}

export interface ParsedNip {
  nip: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** `YYYY-MM`: the month of first appointment (TMT CPNS). */
  appointedMonth: string;
  sex: Sex;
  serial: string;
}

const NIK = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{4})$/;
const NIP = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})([12])(\d{3})$/;

/** The parsed NIK, or null when it is not 16 digits with a possible date of birth and a non-zero serial. */
export function parseNik(value: string): ParsedNik | null {
  const match = NIK.exec(value);
  if (match === null) return null;
  const [, province, regency, district, dd, mm, yy, serial] = match as unknown as [string, string, string, string, string, string, string, string];
  if (province === '00' || regency === '00' || district === '00' || serial === '0000') return null;
  const encodedDay = Number(dd);
  const sex: Sex = encodedDay > 40 ? 'F' : 'M';
  const day = sex === 'F' ? encodedDay - 40 : encodedDay;
  const month = Number(mm);
  // The century is unknown; 19yy and 20yy are both leap years exactly when yy is a multiple of 4 (2000 counts).
  if (!isCalendarDate(Number(yy) % 4 === 0 ? 2000 : 2001, month, day)) return null;
  return {
    nik: value,
    provinceCode: province,
    regencyCode: `${province}${regency}`,
    districtCode: `${province}${regency}${district}`,
    sex,
    birthDay: day,
    birthMonth: month,
    birthYearTwoDigits: Number(yy),
    serial,
  };
}

/** The parsed NIP, or null when it is not 18 digits with a real birth date, appointment month and sex digit. */
export function parseNip(value: string): ParsedNip | null {
  const match = NIP.exec(value);
  if (match === null) return null;
  const [, yyyy, mm, dd, appointedYear, appointedMonth, sexDigit, serial] = match as unknown as [string, string, string, string, string, string, string, string];
  if (!isCalendarDate(Number(yyyy), Number(mm), Number(dd))) return null;
  const appointedM = Number(appointedMonth);
  if (appointedM < 1 || appointedM > 12 || Number(appointedYear) < Number(yyyy) + 14) return null;
  return {
    nip: value,
    birthDate: `${yyyy}-${mm}-${dd}`,
    appointedMonth: `${appointedYear}-${appointedMonth}`,
    sex: sexDigit === '1' ? 'M' : 'F',
    serial,
  };
}

export const isNik = (value: string): boolean => parseNik(value) !== null;
export const isNip = (value: string): boolean => parseNip(value) !== null;

/** The NIK's date digits for a birth date and sex: DDMMYY with 40 added to a woman's day. */
export function nikDatePart(birthDate: string, sex: Sex): string {
  const [yyyy, mm, dd] = birthDate.split('-') as [string, string, string];
  const day = Number(dd) + (sex === 'F' ? 40 : 0);
  return `${String(day).padStart(2, '0')}${mm}${yyyy.slice(2)}`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
