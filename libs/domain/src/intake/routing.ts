import { isStrictlyBelow } from '../unit-path.js';
import type { ProblemHandling, ProblemSeverity } from './intake-enums.js';

/**
 * Routing by severity (D8): a problem a higher level found about a lower unit's person is, when
 * major, a case of the higher level's discipline inspection, and when general, handed down to
 * the lower unit's office to rectify (which reports its result and handling back up). A problem
 * found at the person's own level is rectified there.
 */
export function routeProblem(input: {
  severity: ProblemSeverity;
  /** The unit that found the problem. */
  foundByUnitPath: string;
  /** The level the problem belongs to: the unit whose office rectifies the person's unit. */
  unitPath: string;
}): ProblemHandling {
  if (!isStrictlyBelow(input.unitPath, input.foundByUnitPath)) return 'rectify';
  return input.severity === 'major' ? 'case' : 'handed_down';
}
