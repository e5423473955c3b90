import { z } from 'zod';

/** A Learn Amp user as hibob-sync compares it with HiBob. */
export interface LearnAmpUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  integrationExternalId: string | null;
  jobTitle: string | null;
  hireDate: string | null;
  location: string | null;
  department: string | null;
  /** False when Learn Amp reports the user as deactivated. */
  active: boolean;
  managerId: number | null;
  primaryTeamId: number | null;
  primaryTeamExternalId: string | null;
}

const nullableText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || value === '' ? null : String(value)));

const reference = z
  .object({ id: z.coerce.number(), integrationExternalId: nullableText })
  .passthrough()
  .nullable()
  .optional();

/** Tolerant schema for user JSON: extra fields are ignored, status may be an object or a plain string. */
const userSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    email: z.string(),
    firstName: nullableText,
    lastName: nullableText,
    integrationExternalId: nullableText,
    jobTitle: nullableText,
    hireDate: nullableText,
    location: nullableText,
    department: nullableText,
    status: z.union([z.string(), z.object({ status: z.string() }).passthrough()]).optional(),
    manager: reference,
    managerId: z.coerce.number().nullable().optional(),
    primaryTeam: reference,
  })
  .passthrough();

/** Parses user JSON from any users endpoint; throws a zod error naming the bad field. */
export function parseLearnAmpUser(json: unknown): LearnAmpUser {
  const user = userSchema.parse(json);
  const status = typeof user.status === 'string' ? user.status : (user.status?.status ?? '');
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    integrationExternalId: user.integrationExternalId,
    jobTitle: user.jobTitle,
    hireDate: user.hireDate,
    location: user.location,
    department: user.department,
    active: status.trim().toLowerCase() !== 'deactivated',
    managerId: user.manager?.id ?? user.managerId ?? null,
    primaryTeamId: user.primaryTeam?.id ?? null,
    primaryTeamExternalId: user.primaryTeam?.integrationExternalId ?? null,
  };
}

/** Body of a create or update request. */
export interface LearnAmpUserBody {
  email: string;
  firstName: string;
  lastName: string;
  integrationExternalId: string;
  jobTitle?: string;
  hireDate?: string;
  location?: string;
  department?: string;
  primaryTeamIntegrationExternalId?: string;
  managerId?: number;
}
