/**
 * The parts of SATUSEHAT's FHIR R4 payloads the connector reads, as zod schemas: the token answer, searchset
 * Bundles, the five resource types, and OperationOutcome. Elements the hub does not use are not described (and are
 * dropped); elements it uses are checked, so a payload that breaks them is MALFORMED instead of half-read.
 */
import { z } from 'zod';

/** FHIR `id`: 1 to 64 of `[A-Za-z0-9-.]`. Checked so that an id is always safe in a URL or a log line. */
const Id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'not a FHIR id');

const Coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const CodeableConcept = z.object({ coding: z.array(Coding).optional(), text: z.string().optional() });
const Identifier = z.object({ system: z.string().optional(), value: z.string().optional() });
const Reference = z.object({ reference: z.string().optional(), display: z.string().optional() });

/** An extension with sub-extensions holding codes, like the administrative-code extension. */
const Extension = z.object({
  url: z.string(),
  extension: z.array(z.object({ url: z.string(), valueCode: z.string().optional(), valueString: z.string().optional() })).optional(),
});

const Address = z.object({
  text: z.string().optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  state: z.string().optional(),
  extension: z.array(Extension).optional(),
});

export const OrganizationSchema = z.object({
  resourceType: z.literal('Organization'),
  id: Id,
  active: z.boolean().optional(),
  identifier: z.array(Identifier).optional(),
  type: z.array(CodeableConcept).optional(),
  name: z.string().optional(),
  address: z.array(Address).optional(),
  partOf: Reference.optional(),
});

export const LocationSchema = z.object({
  resourceType: z.literal('Location'),
  id: Id,
  status: z.string().optional(),
  address: Address.optional(),
  managingOrganization: Reference.optional(),
});

export const HealthcareServiceSchema = z.object({
  resourceType: z.literal('HealthcareService'),
  id: Id,
  active: z.boolean().optional(),
  providedBy: Reference.optional(),
  type: z.array(CodeableConcept).optional(),
  name: z.string().optional(),
  comment: z.string().optional(),
});

export const PractitionerSchema = z.object({
  resourceType: z.literal('Practitioner'),
  id: Id,
  identifier: z.array(Identifier).optional(),
});

export const PractitionerRoleSchema = z.object({
  resourceType: z.literal('PractitionerRole'),
  id: Id,
  active: z.boolean().optional(),
  practitioner: Reference.optional(),
  organization: Reference.optional(),
  code: z.array(CodeableConcept).optional(),
});

export const OperationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.object({ severity: z.string(), code: z.string(), diagnostics: z.string().optional() })),
});

const ResourceSchema = z.discriminatedUnion('resourceType', [
  OrganizationSchema,
  LocationSchema,
  HealthcareServiceSchema,
  PractitionerSchema,
  PractitionerRoleSchema,
  OperationOutcomeSchema,
]);

export type FhirResource = z.output<typeof ResourceSchema>;
/** The resource types the connector searches. */
export type SearchableType = Exclude<FhirResource['resourceType'], 'OperationOutcome'>;
export type ResourceOf<T extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: T }>;
export type Organization = ResourceOf<'Organization'>;
export type Location = ResourceOf<'Location'>;
export type HealthcareService = ResourceOf<'HealthcareService'>;
export type PractitionerRole = ResourceOf<'PractitionerRole'>;
export type FhirAddress = z.output<typeof Address>;
export type FhirCodeableConcept = z.output<typeof CodeableConcept>;
export type FhirReference = z.output<typeof Reference>;

export const SearchsetSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int().nonnegative().optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: ResourceSchema,
        search: z.object({ mode: z.enum(['match', 'include', 'outcome']).optional() }).optional(),
      }),
    )
    .optional(),
});
export type Searchset = z.output<typeof SearchsetSchema>;

/**
 * The token route's answer. `expires_in` is a string of digits on SATUSEHAT (a number is accepted too); a lifetime
 * of zero would make every call fetch a token, so it is refused.
 */
export const AccessTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z
    .union([z.string().regex(/^\d{1,9}$/, 'not a number of seconds'), z.number().int()])
    .transform(Number)
    .pipe(z.number().int().positive()),
});
