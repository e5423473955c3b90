import { isIsoDate } from '../employee';
import type { FieldErrors } from './errors';

/** A request body or query as parsed from JSON or a form. Form values are always strings. */
export type Params = Record<string, unknown>;

const TRUE_VALUES = new Set(['true', '1', 't', 'yes', 'y']);
const FALSE_VALUES = new Set(['false', '0', 'f', 'no', 'n']);

/** Returns true when the parameter was sent at all, even as null or ''. */
export function has(params: Params, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(params, name);
}

/**
 * Reads a text parameter: undefined when absent, null when sent as null or '', the text otherwise.
 * A required parameter gets 'is missing' and 'is empty' when absent, and 'is empty' when sent empty.
 */
export function readString(
  params: Params,
  name: string,
  errors: FieldErrors,
  required = false,
): string | null | undefined {
  if (!has(params, name)) {
    if (required) {
      errors.add(name, 'is missing');
      errors.add(name, 'is empty');
    }
    return undefined;
  }
  const value = params[name];
  if (value === null || value === '') {
    if (required) errors.add(name, 'is empty');
    return null;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value !== 'string') {
    errors.add(name, 'is invalid');
    return undefined;
  }
  if (required && value.trim() === '') {
    errors.add(name, 'is empty');
  }
  return value;
}

/** Reads a whole-number parameter. Form strings such as '15' become numbers. */
export function readInteger(params: Params, name: string, errors: FieldErrors): number | null | undefined {
  if (!has(params, name)) return undefined;
  const value = params[name];
  if (value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  errors.add(name, 'is invalid');
  return undefined;
}

/** Reads a boolean parameter: true, false, 'true', 'false', '1', '0' and similar. */
export function readBoolean(params: Params, name: string, errors: FieldErrors): boolean | undefined {
  if (!has(params, name)) return undefined;
  const value = params[name];
  if (value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE_VALUES.has(text)) return true;
  if (FALSE_VALUES.has(text)) return false;
  errors.add(name, 'is invalid');
  return undefined;
}

/** Reads a YYYY-MM-DD date parameter. */
export function readDate(params: Params, name: string, errors: FieldErrors): string | null | undefined {
  const value = readString(params, name, errors);
  if (typeof value === 'string' && !isIsoDate(value)) {
    errors.add(name, 'is invalid');
    return undefined;
  }
  return value;
}

/** Reads a date or timestamp filter as epoch milliseconds. A bare date as `to` covers that whole day. */
export function readTimeBound(
  params: Params,
  name: string,
  errors: FieldErrors,
  edge: 'from' | 'to',
): number | undefined {
  const value = readString(params, name, errors);
  if (typeof value !== 'string') return undefined;
  const dateOnly = isIsoDate(value);
  const time = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) {
    errors.add(name, 'is invalid');
    return undefined;
  }
  return dateOnly && edge === 'to' ? time + 86_400_000 - 1 : time;
}

/** Returns every value of a list parameter sent as `name[]` repeated, as an array, or as a comma list. */
export function readList(params: Params, name: string): string[] | undefined {
  const raw = params[`${name}[]`] ?? params[name];
  if (raw === undefined || raw === null) return undefined;
  const items = Array.isArray(raw) ? raw : [raw];
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
