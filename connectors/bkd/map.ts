/**
 * SIASN payloads (already parsed) into the hub's staff domain. Pure functions; ordering rules for the history lists
 * live here too, because SIASN serves them in no particular order.
 */
import type { Sex } from '../../src/domain/identity.js';
import type { Evaluation, Position, PositionKind, Rank, StaffProfile, StaffSummary, Training, WorkUnit } from '../../src/domain/staff.js';
import { dmyToIso } from '../kit/parse.js';
import { agencyOfUnit } from './agency-of-unit.js';
import type { DataUtama, Diklat, Golongan, Jabatan, Kursus, RosterItem, Skp, Unor } from './payloads.js';

/**
 * A SIASN date to `YYYY-MM-DD`: `dd-mm-yyyy` as SIASN writes it, or already ISO (a few endpoints). Blanks and SIASN's
 * placeholder dates ("00-00-0000") are null.
 */
export function siasnDate(value: string | null): string | null {
  if (value === null) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value);
  return iso === null ? dmyToIso(value) : dmyToIso(`${iso[3]}-${iso[2]}-${iso[1]}`);
}

/** jenisJabatan in words (data-utama) or as SIASN's id (rw-jabatan: 1 struktural, 2 fungsional, 4 pelaksana). */
export function positionKind(jenisJabatan: string | null): PositionKind | null {
  if (jenisJabatan === null) return null;
  const text = jenisJabatan.toLowerCase();
  if (text === '1' || text.includes('struktural')) return 'STRUKTURAL';
  if (text === '4' || text.includes('umum') || text.includes('pelaksana')) return 'PELAKSANA';
  if (text === '2' || text.includes('fungsional')) return 'FUNGSIONAL';
  return null;
}

function sexOf(jenisKelamin: string | null): Sex | null {
  switch (jenisKelamin?.toUpperCase()) {
    case 'M':
    case 'L':
      return 'M';
    case 'F':
    case 'P':
      return 'F';
    default:
      return null;
  }
}

export function toProfile(record: DataUtama): StaffProfile {
  const rank: Rank | null =
    record.golRuangAkhir === null ? null : { code: record.golRuangAkhir, name: record.pangkatAkhir ?? record.golRuangAkhir, since: siasnDate(record.tmtGolAkhir) };
  const position: Position | null =
    record.jabatanNama === null
      ? null
      : { name: record.jabatanNama, kind: positionKind(record.jenisJabatan), since: siasnDate(record.tmtJabatan), workUnitName: record.unorNama };
  const workUnit: WorkUnit | null =
    record.unorId === null || record.unorNama === null
      ? null
      : { id: record.unorId, name: record.unorNama, agency: agencyOfUnit([record.unorNama, record.unorIndukNama]) };
  return {
    nip: record.nipBaru,
    name: record.nama,
    frontTitle: record.gelarDepan,
    backTitle: record.gelarBelakang,
    sex: sexOf(record.jenisKelamin),
    rank,
    position,
    workUnit,
    phone: record.noHp,
    birthDate: siasnDate(record.tglLahir),
    nik: record.nik,
  };
}

export function fromDiklat(record: Diklat): Training {
  return {
    id: record.id,
    kind: 'DIKLAT',
    name: record.latihanStrukturalNama,
    organizer: record.institusiPenyelenggara,
    startDate: siasnDate(record.tanggal),
    endDate: siasnDate(record.tanggalSelesai),
    hours: record.jumlahJam,
    certificateNumber: record.nomor,
  };
}

export function fromKursus(record: Kursus): Training {
  return {
    id: record.id,
    kind: 'KURSUS',
    name: record.namaKursus,
    organizer: record.institusiPenyelenggara,
    startDate: siasnDate(record.tanggalKursus),
    endDate: siasnDate(record.tanggalSelesaiKursus),
    hours: record.jumlahJam,
    certificateNumber: record.noSertipikat,
  };
}

export function fromSkp(record: Skp): Evaluation {
  return { year: record.tahun, results: record.hasilKinerja, behaviour: record.perilakuKerja };
}

export function fromGolongan(record: Golongan): Rank {
  return { code: record.golongan, name: record.pangkat ?? record.golongan, since: siasnDate(record.tmtGolongan) };
}

/**
 * One rw-jabatan record. SIASN fills one of three name fields; the kind comes from `jenisJabatan`, or from which
 * field is filled when that is blank or unknown. Null when no name is filled at all (the caller reports it).
 */
export function fromJabatan(record: Jabatan): Position | null {
  const named: [PositionKind, string | null][] = [
    ['STRUKTURAL', record.jabatanStrukturalNama],
    ['FUNGSIONAL', record.jabatanFungsionalNama],
    ['PELAKSANA', record.jabatanFungsionalUmumNama],
  ];
  const filled = named.filter((entry): entry is [PositionKind, string] => entry[1] !== null);
  const first = filled[0];
  if (first === undefined) return null;
  const kind = positionKind(record.jenisJabatan) ?? first[0];
  const name = filled.find(([filledKind]) => filledKind === kind)?.[1] ?? first[1];
  return { name, kind, since: siasnDate(record.tmtJabatan), workUnitName: record.unorNama };
}

/** SIMPEG's unit list, each unit's agency read from its name and the names up its chain. */
export function toWorkUnits(units: readonly Unor[]): WorkUnit[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  return units.map((unit) => {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let current: Unor | undefined = unit; current !== undefined && !seen.has(current.id); current = current.indukId === null ? undefined : byId.get(current.indukId)) {
      seen.add(current.id);
      names.push(current.nama);
    }
    return { id: unit.id, name: unit.nama, agency: agencyOfUnit(names) };
  });
}

export function toSummary(item: RosterItem, workUnit: WorkUnit): StaffSummary {
  return {
    nip: item.nipBaru,
    name: item.nama,
    frontTitle: item.gelarDepan,
    backTitle: item.gelarBelakang,
    rankCode: item.golRuangAkhir,
    positionName: item.jabatanNama,
    workUnit,
  };
}

/** Newer `YYYY-MM-DD` first; unknown dates last. */
function compareDatesDescending(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

/** Newest first by end date, then start date; ties by id, so the order never depends on SIASN's. */
export function newestTrainingsFirst(trainings: Training[]): Training[] {
  return trainings.sort(
    (a, b) => compareDatesDescending(a.endDate, b.endDate) || compareDatesDescending(a.startDate, b.startDate) || a.id.localeCompare(b.id),
  );
}

export function newestEvaluationsFirst(evaluations: Evaluation[]): Evaluation[] {
  return evaluations.sort((a, b) => b.year - a.year);
}

/** Newest TMT first; on the same date the higher golongan (a later promotion) first. */
export function newestRanksFirst(ranks: Rank[]): Rank[] {
  return ranks.sort((a, b) => compareDatesDescending(a.since, b.since) || (a.code === b.code ? 0 : a.code < b.code ? 1 : -1));
}

export function newestPositionsFirst(positions: Position[]): Position[] {
  return positions.sort((a, b) => compareDatesDescending(a.since, b.since));
}
