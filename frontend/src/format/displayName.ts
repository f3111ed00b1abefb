import type { Technician } from '../api/types';

/** Anything with a person's names (a user or a customer). */
export interface Named {
  first_name: string;
  last_name: string;
  username?: string;
  email?: string;
}

/** "First Last", falling back to the username or email when no name is set. */
export function displayName(person: Named): string {
  const name = `${person.first_name} ${person.last_name}`.trim();
  return name || person.username || person.email || '';
}

/** A technician's name, or their login when their account has no name. */
export function technicianName(technician: Pick<Technician, 'name' | 'username'>): string {
  return technician.name || technician.username;
}
