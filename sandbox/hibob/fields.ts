import type { NamedListItem, SandboxEmployee } from '../employee';

/** Letter case of lifecycle status values in responses, because HiBob does not document its own. */
export type LifecycleCasing = 'lower' | 'title';

/** Lookups a field needs to render its value. */
export interface FieldContext {
  employeesById: ReadonlyMap<string, SandboxEmployee>;
  lists: { department: NamedListItem[]; site: NamedListItem[]; title: NamedListItem[] };
  lifecycleCasing: LifecycleCasing;
}

/** One employee field that people search can return. */
export interface FieldDefinition {
  /** Dot-form id used in `fields` and `filters`, e.g. 'work.department'. */
  id: string;
  name: string;
  category: 'root' | 'work' | 'internal';
  type: 'text' | 'date' | 'list' | 'employee-reference';
  /** Named list that contains the values of a list field. */
  listName?: 'department' | 'site' | 'title';
  /** Machine value, or null when the employee has none. */
  read(employee: SandboxEmployee, context: FieldContext): unknown;
}

/** Fields the sandbox serves, in the order `GET /company/people/fields` lists them. */
export const FIELDS: readonly FieldDefinition[] = [
  { id: 'root.id', name: 'Employee ID', category: 'root', type: 'text', read: (e) => e.id },
  { id: 'root.email', name: 'Email', category: 'root', type: 'text', read: (e) => e.email },
  { id: 'root.firstName', name: 'First name', category: 'root', type: 'text', read: (e) => e.firstName },
  { id: 'root.surname', name: 'Last name', category: 'root', type: 'text', read: (e) => e.surname },
  { id: 'root.displayName', name: 'Display name', category: 'root', type: 'text', read: (e) => e.displayName },
  { id: 'work.title', name: 'Job title', category: 'work', type: 'list', listName: 'title', read: (e) => e.title },
  {
    id: 'work.department',
    name: 'Department',
    category: 'work',
    type: 'list',
    listName: 'department',
    read: (e) => e.department,
  },
  { id: 'work.site', name: 'Site', category: 'work', type: 'list', listName: 'site', read: (e) => e.site },
  { id: 'work.startDate', name: 'Start date', category: 'work', type: 'date', read: (e) => e.startDate },
  {
    id: 'work.reportsTo',
    name: 'Reports to',
    category: 'work',
    type: 'employee-reference',
    read: (e, context) => managerReference(e, context),
  },
  { id: 'internal.status', name: 'Status', category: 'internal', type: 'text', read: (e) => e.accessStatus },
  {
    id: 'internal.lifecycleStatus',
    name: 'Lifecycle status',
    category: 'internal',
    type: 'text',
    read: (e, context) => formatLifecycleStatus(e.lifecycleStatus, context.lifecycleCasing),
  },
  {
    id: 'internal.terminationDate',
    name: 'Termination date',
    category: 'internal',
    type: 'date',
    read: (e) => e.terminationDate,
  },
];

/** Fields returned when a search names none: the root and work basics. */
export const DEFAULT_FIELD_IDS: readonly string[] = FIELDS.filter((f) => f.category !== 'internal').map((f) => f.id);

/** Fields by id. */
export const FIELDS_BY_ID: ReadonlyMap<string, FieldDefinition> = new Map(FIELDS.map((field) => [field.id, field]));

/** Returns the key of the field inside its category object, e.g. 'department' for 'work.department'. */
export function fieldKey(field: FieldDefinition): string {
  return field.id.slice(field.category.length + 1);
}

/** Returns the field metadata that `GET /company/people/fields` serves. */
export function describeField(field: FieldDefinition): Record<string, unknown> {
  const key = fieldKey(field);
  return {
    id: field.id,
    name: field.name,
    category: field.category,
    type: field.type,
    jsonPath: field.category === 'root' ? key : field.id,
    historical: false,
    description: '',
    ...(field.listName ? { typeData: { listId: field.listName } } : {}),
  };
}

/** Returns the value a person reads in HiBob: list item names, DD/MM/YYYY dates, the manager's display name. */
export function humanReadableValue(field: FieldDefinition, value: unknown, context: FieldContext): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  if (field.listName) {
    return context.lists[field.listName].find((item) => item.id === value)?.name ?? value;
  }
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  if (field.type === 'employee-reference' && typeof value === 'object') {
    return (value as { displayName?: unknown }).displayName ?? null;
  }
  if (field.id === 'internal.lifecycleStatus' && typeof value === 'string') {
    return formatLifecycleStatus(value, 'title');
  }
  return value;
}

function formatLifecycleStatus(status: string, casing: LifecycleCasing): string {
  const lower = String(status).toLowerCase();
  return casing === 'title' ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
}

function managerReference(employee: SandboxEmployee, context: FieldContext): unknown {
  const manager = employee.reportsTo ? context.employeesById.get(employee.reportsTo) : undefined;
  if (!manager) {
    return null;
  }
  const { id, email, firstName, surname, displayName } = manager;
  return { id, email, firstName, surname, displayName };
}
