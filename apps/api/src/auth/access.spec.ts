import { DomainError, ForbiddenError, NotFoundError } from '@campaign/domain';
import { describe, expect, it } from '@jest/globals';

import { requireAccess } from './access.js';
import { Principal, type PrincipalGrant } from './principal.js';

function principal(...grants: PrincipalGrant[]): Principal {
  return new Principal('account-1', 'person-1', 'user', grants);
}

const office = principal({ role: 'office', unitId: 'u-12', unitPath: '1.2' });
const inspector = principal({ role: 'inspector', unitId: 'u-12', unitPath: '1.2' });

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('requireAccess', () => {
  it('lets a role act on its unit and everything below it', () => {
    const unknown = { unknown: 'unit', id: 'u-x' };
    expect(() => requireAccess(office, 'units.write', '1.2', unknown)).not.toThrow();
    expect(() => requireAccess(office, 'units.write', '1.2.7.3', unknown)).not.toThrow();
  });

  it('answers a unit outside the subtree as unknown, like an id that does not exist', () => {
    for (const path of ['1', '1.3', '1.20', '1.20.1']) {
      const error = refusal(() =>
        requireAccess(office, 'units.write', path, { unknown: 'unit', id: 'u-x' }),
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toBe('unit u-x does not exist');
    }
  });

  it('refuses an action the role does not hold, even on its own unit', () => {
    const error = refusal(() =>
      requireAccess(inspector, 'rules.write', '1.2', { forbidden: 'only the office may' }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('only the office may');
  });

  it('refuses an object without a unit as out of reach, even for an administrator', () => {
    const admin = principal({ role: 'admin', unitId: 'u-1', unitPath: '1' });
    for (const path of [null, undefined]) {
      expect(
        refusal(() => requireAccess(admin, 'units.read', path, { unknown: 'unit', id: 'x' })),
      ).toBeInstanceOf(NotFoundError);
    }
    expect(() =>
      requireAccess(admin, 'calendar.write', '9.9', { unknown: 'unit', id: 'x' }),
    ).not.toThrow();
  });
});
