/**
 * The demo world as SIASN (and the regional SIMPEG's roster addition) shows it: field names, `dd-mm-yyyy` dates,
 * blanks and orders as the real system serves them. Pure rendering; HTTP, tokens and faults are the stand-in's.
 *
 * Choices where the real system is only partly documented (kept consistent across routes):
 * - Blank values are `null` for some records and `""` for others, chosen per NIP and field (SIASN mixes both).
 * - `nipLama` (the 9-digit NIP of before 2008) is filled for those appointed before 2008, blank otherwise.
 * - `golRuangAkhirId` / `golonganId` follow SIASN's ids: I/a = "11" ... IV/e = "45".
 * - data-utama says `jenisJabatan` in words ("Struktural", "Fungsional", "Pelaksana"); rw-jabatan gives SIASN's
 *   jenis-jabatan id instead ("1" struktural, "2" fungsional tertentu, "4" fungsional umum/pelaksana) and fills
 *   exactly one of `jabatanStrukturalNama` / `jabatanFungsionalNama` / `jabatanFungsionalUmumNama`.
 * - rw-skp22: `hasilKinerjaNilai` / `PerilakuKerjaNilai` are 1 above, 2 as expected, 3 below expectation;
 *   `KuadranKinerjaNilai` is 1 Sangat Baik ... 5 Sangat Kurang. The appraiser is the unit's first structural
 *   official (or its first other member).
 * - `unorIndukNama` is the top of the unit's chain (the OPD: "Dinas Kesehatan Kota Jambi" for a puskesmas); a
 *   top-level unit is its own induk.
 * - History lists (rw-*) come in a shuffled order that depends only on the NIP and the route.
 * - The roster lists the staff whose work unit is exactly that unit (not its sub-units), sorted by NIP.
 */
import { SKP_RATING_LABELS, skpRating, type SkpRating } from '../../src/domain/staff.js';
import type { CivilServant, Evaluation, Expectation, PositionKind, Training, World, WorkUnit } from '../world/types.js';
import { hash32, opaqueId, seededShuffle } from './deterministic.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HISTORY_ROUTES = ['rw-diklat', 'rw-kursus', 'rw-skp22', 'rw-jabatan', 'rw-golongan'] as const;
export type HistoryRoute = (typeof HISTORY_ROUTES)[number];

export interface RosterPage {
  total: number;
  page: number;
  limit: number;
  items: JsonObject[];
}

const GOVERNMENT_NAMES: Readonly<Record<WorkUnit['government'], string>> = {
  PROVINSI_JAMBI: 'Pemerintah Provinsi Jambi',
  KOTA_JAMBI: 'Pemerintah Kota Jambi',
};

const JENIS_JABATAN_WORDS: Readonly<Record<PositionKind, string>> = {
  STRUKTURAL: 'Struktural',
  FUNGSIONAL: 'Fungsional',
  PELAKSANA: 'Pelaksana',
};

const JENIS_JABATAN_IDS: Readonly<Record<PositionKind, string>> = { STRUKTURAL: '1', FUNGSIONAL: '2', PELAKSANA: '4' };

const EXPECTATION_WORDS: Readonly<Record<Expectation, string>> = {
  ABOVE: 'Diatas Ekspektasi',
  AS_EXPECTED: 'Sesuai Ekspektasi',
  BELOW: 'Dibawah Ekspektasi',
};

const EXPECTATION_VALUES: Readonly<Record<Expectation, number>> = { ABOVE: 1, AS_EXPECTED: 2, BELOW: 3 };

const RATING_VALUES: Readonly<Record<SkpRating, number>> = {
  SANGAT_BAIK: 1,
  BAIK: 2,
  BUTUH_PERBAIKAN: 3,
  KURANG: 4,
  SANGAT_KURANG: 5,
};

const ROMAN_GROUPS: Readonly<Record<string, number>> = { I: 1, II: 2, III: 3, IV: 4 };

/** `YYYY-MM-DD` to SIASN's `dd-mm-yyyy`. */
export function isoToDmy(iso: string): string {
  const [yyyy, mm, dd] = iso.split('-');
  return `${dd ?? ''}-${mm ?? ''}-${yyyy ?? ''}`;
}

/** SIASN's id of a golongan/ruang: "III/d" -> "34". */
export function golonganId(code: string): string {
  const [group, room] = code.split('/');
  const groupNumber = ROMAN_GROUPS[group ?? ''] ?? 0;
  const roomNumber = room === undefined ? 0 : room.charCodeAt(0) - 'a'.charCodeAt(0) + 1;
  return `${groupNumber}${roomNumber}`;
}

export class SiasnViews {
  private readonly servants = new Map<string, CivilServant>();
  private readonly units = new Map<string, WorkUnit>();
  private readonly rosters = new Map<string, CivilServant[]>();

  constructor(private readonly world: World) {
    for (const unit of world.workUnits) this.units.set(unit.id, unit);
    for (const servant of world.civilServants) {
      this.servants.set(servant.nip, servant);
      const roster = this.rosters.get(servant.workUnitId) ?? [];
      roster.push(servant);
      this.rosters.set(servant.workUnitId, roster);
    }
    for (const roster of this.rosters.values()) roster.sort((a, b) => a.nip.localeCompare(b.nip));
  }

  /** `/pns/data-utama/{nip}`; null for a NIP SIASN does not know. */
  dataUtama(nip: string): JsonObject | null {
    const servant = this.servants.get(nip);
    if (servant === undefined) return null;
    const rank = servant.ranks.at(-1);
    const position = servant.positions.at(-1);
    const unit = this.units.get(servant.workUnitId);
    const blank = (field: string): Json => this.blank(nip, field);
    return {
      id: opaqueId('pns', nip),
      nipBaru: nip,
      nipLama: servant.appointedOn < '2008-01-01' ? String(100_000_000 + (hash32('nip-lama', nip) % 900_000_000)) : blank('nipLama'),
      nama: servant.name,
      gelarDepan: servant.frontTitle ?? blank('gelarDepan'),
      gelarBelakang: servant.backTitle ?? blank('gelarBelakang'),
      tempatLahir: servant.birthPlace,
      tglLahir: isoToDmy(servant.birthDate),
      jenisKelamin: servant.sex,
      nik: servant.nik,
      noHp: servant.phone,
      email: blank('email'),
      alamat: servant.address,
      golRuangAkhirId: rank === undefined ? blank('golRuangAkhirId') : golonganId(rank.code),
      golRuangAkhir: rank?.code ?? blank('golRuangAkhir'),
      pangkatAkhir: rank?.name ?? blank('pangkatAkhir'),
      tmtGolAkhir: rank === undefined ? blank('tmtGolAkhir') : isoToDmy(rank.since),
      jabatanNama: position?.name ?? blank('jabatanNama'),
      jenisJabatan: position === undefined ? blank('jenisJabatan') : JENIS_JABATAN_WORDS[position.kind],
      tmtJabatan: position === undefined ? blank('tmtJabatan') : isoToDmy(position.since),
      unorId: unit?.id ?? blank('unorId'),
      unorNama: unit?.name ?? blank('unorNama'),
      unorIndukNama: unit === undefined ? blank('unorIndukNama') : this.topOf(unit).name,
      instansiIndukNama: unit === undefined ? blank('instansiIndukNama') : GOVERNMENT_NAMES[unit.government],
      tmtCpns: isoToDmy(servant.appointedOn),
      statusPegawai: 'PNS',
      kedudukanPnsNama: 'Aktif',
    };
  }

  /** `/pns/rw-*\/{nip}`: the records in SIASN's (unreliable) order; empty for an unknown NIP. */
  history(route: HistoryRoute, nip: string): JsonObject[] {
    const servant = this.servants.get(nip);
    if (servant === undefined) return [];
    return seededShuffle(this.historyInOrder(route, servant), `${route}:${nip}`);
  }

  /** `/simpeg/unor`. */
  workUnits(): JsonObject[] {
    return this.world.workUnits.map((unit) => ({
      id: unit.id,
      nama: unit.name,
      indukId: unit.parentId,
      instansiNama: GOVERNMENT_NAMES[unit.government],
    }));
  }

  /** `/simpeg/unor/{unorId}/pns`: one 1-based page; an unknown unit has nobody. */
  rosterPage(unitId: string, page: number, limit: number): RosterPage {
    const roster = this.rosters.get(unitId) ?? [];
    const items = roster.slice((page - 1) * limit, page * limit).map((servant) => ({
      nipBaru: servant.nip,
      nama: servant.name,
      gelarDepan: servant.frontTitle ?? this.blank(servant.nip, 'gelarDepan'),
      gelarBelakang: servant.backTitle ?? this.blank(servant.nip, 'gelarBelakang'),
      golRuangAkhir: servant.ranks.at(-1)?.code ?? this.blank(servant.nip, 'golRuangAkhir'),
      jabatanNama: servant.positions.at(-1)?.name ?? this.blank(servant.nip, 'jabatanNama'),
      unorId: servant.workUnitId,
    }));
    return { total: roster.length, page, limit, items };
  }

  private historyInOrder(route: HistoryRoute, servant: CivilServant): JsonObject[] {
    switch (route) {
      case 'rw-diklat':
        return servant.trainings.filter((t) => t.kind === 'DIKLAT').map((t) => this.diklat(servant, t));
      case 'rw-kursus':
        return servant.trainings.filter((t) => t.kind === 'KURSUS').map((t) => this.kursus(servant, t));
      case 'rw-skp22':
        return servant.evaluations.map((e) => this.skp(servant, e));
      case 'rw-jabatan':
        return servant.positions.map((position, index) => {
          const names: Record<PositionKind, Json> = { STRUKTURAL: null, FUNGSIONAL: null, PELAKSANA: null };
          names[position.kind] = position.name;
          return {
            id: opaqueId('rw-jabatan', servant.nip, String(index)),
            nipBaru: servant.nip,
            jenisJabatan: JENIS_JABATAN_IDS[position.kind],
            jabatanStrukturalNama: names.STRUKTURAL,
            jabatanFungsionalNama: names.FUNGSIONAL,
            jabatanFungsionalUmumNama: names.PELAKSANA,
            tmtJabatan: isoToDmy(position.since),
            nomorSk: position.decree,
            unorId: position.workUnitId,
            unorNama: this.units.get(position.workUnitId)?.name ?? this.blank(servant.nip, `unorNama-${index}`),
          };
        });
      case 'rw-golongan':
        return servant.ranks.map((rank, index) => ({
          id: opaqueId('rw-golongan', servant.nip, String(index)),
          nipBaru: servant.nip,
          golongan: rank.code,
          golonganId: golonganId(rank.code),
          pangkat: rank.name,
          tmtGolongan: isoToDmy(rank.since),
          skNomor: rank.decree,
        }));
    }
  }

  private diklat(servant: CivilServant, training: Training): JsonObject {
    return {
      id: training.id,
      nipBaru: servant.nip,
      latihanStrukturalNama: training.name,
      nomor: training.certificateNumber,
      tanggal: isoToDmy(training.startDate),
      tanggalSelesai: isoToDmy(training.endDate),
      tahun: Number(training.endDate.slice(0, 4)),
      institusiPenyelenggara: training.organizer,
      jumlahJam: training.hours,
    };
  }

  private kursus(servant: CivilServant, training: Training): JsonObject {
    return {
      id: training.id,
      nipBaru: servant.nip,
      namaKursus: training.name,
      institusiPenyelenggara: training.organizer,
      jumlahJam: training.hours,
      noSertipikat: training.certificateNumber,
      tanggalKursus: isoToDmy(training.startDate),
      tanggalSelesaiKursus: isoToDmy(training.endDate),
      tahunKursus: Number(training.endDate.slice(0, 4)),
      jenisKursusSertipikat: 'Kursus',
    };
  }

  private skp(servant: CivilServant, evaluation: Evaluation): JsonObject {
    const rating = skpRating(evaluation.results, evaluation.behaviour);
    const appraiser = this.appraiserOf(servant);
    return {
      id: opaqueId('rw-skp22', servant.nip, String(evaluation.year)),
      nipBaru: servant.nip,
      tahun: evaluation.year,
      hasilKinerja: EXPECTATION_WORDS[evaluation.results],
      hasilKinerjaNilai: EXPECTATION_VALUES[evaluation.results],
      perilakuKerja: EXPECTATION_WORDS[evaluation.behaviour],
      PerilakuKerjaNilai: EXPECTATION_VALUES[evaluation.behaviour],
      kuadranKinerja: SKP_RATING_LABELS[rating],
      KuadranKinerjaNilai: RATING_VALUES[rating],
      penilaiNama: appraiser?.name ?? this.blank(servant.nip, 'penilaiNama'),
      penilaiNipNrp: appraiser?.nip ?? this.blank(servant.nip, 'penilaiNipNrp'),
      penilaiJabatan: appraiser?.positions.at(-1)?.name ?? this.blank(servant.nip, 'penilaiJabatan'),
      penilaiUnorNama: this.units.get(servant.workUnitId)?.name ?? this.blank(servant.nip, 'penilaiUnorNama'),
      statusPenilai: 'ASN',
    };
  }

  private appraiserOf(servant: CivilServant): CivilServant | null {
    const colleagues = (this.rosters.get(servant.workUnitId) ?? []).filter((other) => other.nip !== servant.nip);
    return colleagues.find((other) => other.positions.at(-1)?.kind === 'STRUKTURAL') ?? colleagues[0] ?? null;
  }

  private topOf(unit: WorkUnit): WorkUnit {
    let current = unit;
    const seen = new Set<string>([unit.id]);
    for (let parent = this.parentOf(current); parent !== null && !seen.has(parent.id); parent = this.parentOf(current)) {
      seen.add(parent.id);
      current = parent;
    }
    return current;
  }

  private parentOf(unit: WorkUnit): WorkUnit | null {
    return unit.parentId === null ? null : (this.units.get(unit.parentId) ?? null);
  }

  /** SIASN leaves a blank as null in some records and "" in others. */
  private blank(nip: string, field: string): Json {
    return hash32('blank', nip, field) % 2 === 0 ? null : '';
  }
}
