import { z } from 'zod';
import type { SandboxEmployee } from '../employee';
import {
  DEFAULT_FIELD_IDS,
  FIELDS_BY_ID,
  fieldKey,
  humanReadableValue,
  type FieldContext,
  type FieldDefinition,
} from './fields';
import { canReadField, canSeeEmployee, type PermissionGroup } from './permissions';

/** HiBob accepts at most this many field ids in one search. */
export const MAX_SEARCH_FIELDS = 400;

const filterSchema = z.object({
  fieldPath: z.enum(['root.id', 'root.email'], {
    error: 'must be root.id or root.email, the only fields HiBob filters on',
  }),
  operator: z.literal('equals', { error: 'must be equals, the only supported operator' }),
  values: z.array(z.string({ error: 'must be a string' }), { error: 'must be an array of strings' }),
});

const searchSchema = z.object(
  {
    fields: z
      .array(z.string({ error: 'must be a field id string' }), { error: 'must be an array of field ids' })
      .max(MAX_SEARCH_FIELDS, { error: `must list at most ${MAX_SEARCH_FIELDS} field ids` })
      .optional(),
    filters: z
      .array(filterSchema, { error: 'must be an array of filters' })
      .max(1, { error: 'must contain at most one filter' })
      .optional(),
    showInactive: z.boolean({ error: 'must be true or false' }).optional(),
    humanReadable: z.enum(['APPEND', 'REPLACE'], { error: 'must be APPEND or REPLACE' }).optional(),
  },
  { error: 'the request body must be a JSON object' },
);

/** Body of `POST /v1/people/search`. */
export type PeopleSearchRequest = z.infer<typeof searchSchema>;

/** Parses a search body. Invalid input gives a message that names each invalid part, not an exception. */
export function parsePeopleSearchRequest(
  body: unknown,
): { ok: true; request: PeopleSearchRequest } | { ok: false; message: string } {
  const result = searchSchema.safeParse(body ?? {});
  if (result.success) {
    return { ok: true, request: result.data };
  }
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    return path ? `${path.replace(/^\./, '')}: ${issue.message}` : issue.message;
  });
  return { ok: false, message: `Invalid people search request: ${problems.join('; ')}` };
}

/**
 * Runs a people search with the visibility of a service user in `group`. Rows outside the group's
 * statuses, and Inactive rows unless `showInactive`, are left out. Unknown and unreadable fields are silently omitted.
 */
export function searchPeople(
  employees: readonly SandboxEmployee[],
  group: PermissionGroup,
  request: PeopleSearchRequest,
  context: FieldContext,
): Array<Record<string, unknown>> {
  const fields = [...new Set(request.fields ?? DEFAULT_FIELD_IDS)]
    .map((id) => FIELDS_BY_ID.get(id))
    .filter((field): field is FieldDefinition => field !== undefined && canReadField(group, field.id));
  const matchesFilter = buildFilter(request.filters?.[0]);
  return employees
    .filter(
      (e) => canSeeEmployee(group, e) && (request.showInactive || e.accessStatus === 'Active') && matchesFilter(e),
    )
    .map((e) => renderEmployee(e, fields, request.humanReadable, context));
}

function buildFilter(filter: z.infer<typeof filterSchema> | undefined): (employee: SandboxEmployee) => boolean {
  if (!filter) {
    return () => true;
  }
  if (filter.fieldPath === 'root.id') {
    const ids = new Set(filter.values);
    return (e: SandboxEmployee) => ids.has(e.id);
  }
  const emails = new Set(filter.values.map((value) => value.toLowerCase()));
  return (e: SandboxEmployee) => typeof e.email === 'string' && emails.has(e.email.toLowerCase());
}

/** Renders one employee in both HiBob forms: nested objects and flat '/category/key' entries. */
function renderEmployee(
  employee: SandboxEmployee,
  fields: FieldDefinition[],
  humanReadable: PeopleSearchRequest['humanReadable'],
  context: FieldContext,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const readable: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field.read(employee, context);
    const display = humanReadable ? humanReadableValue(field, value, context) : value;
    setNested(row, field, humanReadable === 'REPLACE' ? display : value);
    if (humanReadable === 'APPEND') {
      setNested(readable, field, display);
    }
    const flatKey = `/${field.category}/${fieldKey(field)}`;
    row[flatKey] =
      humanReadable === 'APPEND' ? { value, humanReadable: display } : { value: humanReadable ? display : value };
  }
  if (humanReadable === 'APPEND') {
    row.humanReadable = readable;
  }
  return row;
}

function setNested(target: Record<string, unknown>, field: FieldDefinition, value: unknown): void {
  if (field.category === 'root') {
    target[fieldKey(field)] = value;
    return;
  }
  const section = (target[field.category] ??= {}) as Record<string, unknown>;
  section[fieldKey(field)] = value;
}
