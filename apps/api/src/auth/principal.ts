import { isWithin, type Role } from '@campaign/domain';
import type { Scope } from '@campaign/persistence';

import { type Action, POLICIES } from './policies.js';

export interface PrincipalGrant {
  role: Role;
  unitId: string;
  unitPath: string;
}

/** The signed-in caller: who they are and what their grants reach. */
export class Principal {
  constructor(
    readonly accountId: string,
    readonly personId: string,
    readonly username: string,
    readonly grants: readonly PrincipalGrant[],
  ) {}

  get isAdmin(): boolean {
    return this.grants.some((g) => g.role === 'admin');
  }

  /** The subtrees where the caller may perform `action`: all for an admin. */
  scope(action: Action): Scope {
    if (this.isAdmin) return { all: true };
    const roles = POLICIES[action] as readonly Role[];
    const paths = this.grants.filter((g) => roles.includes(g.role)).map((g) => g.unitPath);
    return { all: false, paths: [...new Set(paths)] };
  }

  /** Whether the caller may perform `action` anywhere at all. */
  can(action: Action): boolean {
    const scope = this.scope(action);
    return scope.all || scope.paths.length > 0;
  }

  /** Whether the unit at `unitPath` lies within the caller's scope for `action`. */
  covers(action: Action, unitPath: string): boolean {
    const scope = this.scope(action);
    return scope.all || scope.paths.some((root) => isWithin(unitPath, root));
  }
}
