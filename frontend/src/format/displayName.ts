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
