import type { Violation } from '../errors.js';

/** Who a tip-off (监督举报) says reported it, as the form sends it; a null is as good as none. */
export interface TipOffReporterFacts {
  anonymous: boolean;
  reporter?: { name?: string | null } | null;
}

/**
 * An anonymous tip-off records no reporter at all (so nothing can name them later); a named
 * one gives its reporter's name. Neither message quotes what was sent.
 */
export function checkTipOffReporter(facts: TipOffReporterFacts): Violation[] {
  const violations: Violation[] = [];
  if (facts.anonymous && facts.reporter !== undefined && facts.reporter !== null) {
    violations.push({
      field: 'reporter',
      rule: 'anonymous_with_reporter',
      message: 'an anonymous tip-off carries no reporter: leave it out, or send anonymous: false',
    });
  }
  if (!facts.anonymous && (facts.reporter?.name ?? null) === null) {
    violations.push({
      field: 'reporter.name',
      rule: 'reporter_name_required',
      message: "a named tip-off gives its reporter's name",
    });
  }
  return violations;
}
