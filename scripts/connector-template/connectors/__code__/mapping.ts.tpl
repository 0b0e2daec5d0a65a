/**
 * {{NAME}} rows to the hub's catalog types. Hub codes are the system's codes under the agency's prefix
 * (`{{CODE}}-<kode_unit>`, `{{CODE}}-<kode_layanan>`), so they are stable across syncs and never collide with
 * another agency's.
 */
import type { SourceOffice, SourceService } from '../types.js';
import type { ServiceRow, UnitRow } from './payloads.js';

export const officeCodeOf = (kodeUnit: string): string => `{{CODE}}-${kodeUnit}`;
export const serviceCodeOf = (kodeLayanan: string): string => `{{CODE}}-${kodeLayanan}`;

export function toSourceOffice(row: UnitRow): SourceOffice {
  return {
    ref: row.kode_unit,
    code: officeCodeOf(row.kode_unit),
    name: row.nama_unit,
    kind: 'AGENCY_OFFICE',
    address: row.alamat,
    regencyCode: row.kode_wilayah,
    serviceRefs: [...new Set(row.layanan)],
  };
}

export function toSourceService(row: ServiceRow): SourceService {
  return {
    ref: row.kode_layanan,
    code: serviceCodeOf(row.kode_layanan),
    name: row.nama_layanan,
    description: row.deskripsi,
    requirements: row.persyaratan,
    procedure: row.prosedur,
    timeLimit: row.waktu_penyelesaian,
    feeRupiah: row.tarif,
    legalBasis: row.dasar_hukum,
  };
}
