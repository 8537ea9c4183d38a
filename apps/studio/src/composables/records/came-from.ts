/**
 * Where a record screen was opened from, carried in the address as `?_from=<object>:<id>` (a related list's
 * "New", its rows, their edit links): the form goes back there after saving, and the breadcrumbs go through it
 * (Accounts › Acme › New contact). Only a record of a known object is accepted, so the parameter can never send
 * the user to an arbitrary page; field names never start with "_", so it is no field's prefill either.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';

export const CAME_FROM = '_from';

export interface CameFrom {
  object: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function cameFrom(query: LocationQuery, known: (object: string) => boolean): CameFrom | null {
  const raw = query[CAME_FROM];
  if (typeof raw !== 'string') return null;
  const [object, id, ...rest] = raw.split(':');
  return object && id && !rest.length && known(object) && UUID.test(id) ? { object, id } : null;
}

export const cameFromQuery = (object: string, id: string): LocationQueryRaw => ({ [CAME_FROM]: `${object}:${id}` });
