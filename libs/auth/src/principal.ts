export const Role = {
  professional: 'professional',
  coordinator: 'coordinator',
  bassinLead: 'bassin-lead',
  person: 'person',
  relative: 'relative',
  admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Who is calling, as established from a verified access token. */
export interface Principal {
  userId: string;
  roles: Role[];
  /** Bassins this user coordinates or leads. */
  bassins: string[];
  organisationId?: string;
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

/** Coordinators and leads act for the bassins listed in their token. */
export function coordinatesBassin(p: Principal, bassinId: string): boolean {
  return hasRole(p, Role.coordinator, Role.bassinLead) && p.bassins.includes(bassinId);
}
