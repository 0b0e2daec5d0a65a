/**
 * The {{NAME}} system's answers as they arrive, parsed once at the boundary. Field names are the system's own;
 * ./mapping.ts turns rows into the hub's types. A payload that does not fit is a MALFORMED SourceError naming the
 * first bad field (connectors/kit/parse.ts), never a half-filled object.
 *
 * Envelope: `{"status": "success", "data": ..., "meta": {...}}` on success, `{"status": "error", "message": "..."}` on
 * failure: with HTTP 4xx/5xx, and (the quirk to survive) sometimes with HTTP 200.
 */
import { z } from 'zod';

/** The system's codes become part of hub codes (`{{CODE}}-<code>`), so they are held to what hub codes allow. */
const sourceCode = z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'must be 1 to 20 upper-case letters, digits or dashes');

export const unitRowSchema = z.object({
  kode_unit: sourceCode,
  nama_unit: z.string().trim().min(1, 'must not be empty'),
  alamat: z.string().trim(),
  kode_wilayah: z.string().regex(/^\d{4}$/, 'must be a 4-digit Kemendagri regency code'),
  /** `kode_layanan` of the services offered at this unit. */
  layanan: z.array(sourceCode),
});
export type UnitRow = z.output<typeof unitRowSchema>;

export const serviceRowSchema = z.object({
  kode_layanan: sourceCode,
  nama_layanan: z.string().trim().min(1, 'must not be empty'),
  deskripsi: z.string().trim(),
  // Null: the system does not publish it, and the hub keeps what its own catalog says.
  persyaratan: z.array(z.string().trim()).nullable(),
  prosedur: z.array(z.string().trim()).nullable(),
  waktu_penyelesaian: z.string().trim().nullable(),
  tarif: z.number().int().nonnegative().nullable(),
  dasar_hukum: z.string().trim().nullable(),
});
export type ServiceRow = z.output<typeof serviceRowSchema>;

export const unitPageSchema = z.object({
  status: z.literal('success'),
  data: z.array(unitRowSchema),
  meta: z.object({
    page: z.number().int().positive(),
    per_page: z.number().int().positive(),
    total: z.number().int().nonnegative(),
  }),
});
export type UnitPage = z.output<typeof unitPageSchema>;

export const unitAnswerSchema = z.object({ status: z.literal('success'), data: unitRowSchema });

export const serviceListSchema = z.object({ status: z.literal('success'), data: z.array(serviceRowSchema) });

/** A failure as the system reports it; `message` is for the log, never for clients. */
export const errorEnvelopeSchema = z.object({ status: z.literal('error'), message: z.string() });
