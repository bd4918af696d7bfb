import type { Role } from '@campaign/domain';

/**
 * What each role may do, in one table. A grant counts on its unit's whole subtree; `admin`
 * holds every action over the whole system whatever unit it was granted on. Routes name one of
 * these actions (`@Policy`), and a route that names none is refused.
 */
export const POLICIES = {
  'units.read': ['office', 'leader', 'inspector', 'supervisor', 'member'],
  'units.write': ['office'],
  'people.read': ['office', 'leader', 'inspector', 'supervisor'],
  'people.write': ['office'],
  'grants.read': ['office'],
  'grants.write': ['office'],
  'import.run': ['office'],
  'campaigns.read': ['office', 'leader', 'inspector', 'supervisor'],
  'campaigns.write': ['office'],
  'plans.read': ['office', 'leader', 'inspector', 'supervisor'],
  'plans.write': ['office'],
  /** The office's own task kinds (an activity its plan has, without a code change). */
  'taskKinds.read': ['office', 'leader', 'inspector', 'supervisor'],
  'taskKinds.write': ['office'],
  /** Recording attendance and completing a unit's own tasks, for the units in scope. */
  'tasks.record': ['office'],
  /** The rectification ledger: reading items in scope (their own people always see them). */
  'items.read': ['office', 'leader', 'inspector', 'supervisor'],
  /** Registering and assigning items (the six clarities). */
  'items.register': ['office'],
  /**
   * Retrying an item whose workflow step failed for good (bad data) and parked: the office is
   * told when it parks, and retries once the data is fixed.
   */
  'items.retry': ['office'],
  /** Verifying, closing, sending back, deciding extensions. */
  'items.verify': ['inspector'],
  /**
   * The office's rectification task force (整改专班): closing items, or checking them first for
   * the inspectors, where the campaign's plan has it so (`review.closedBy`, seed 003).
   */
  'items.check': ['office'],
  /** Recording the 约谈 the ladder called for: the inspectors, or the 督查问效组 that held it. */
  'items.talk': ['inspector', 'supervisor'],
  /** The 督查问效组's spot checks (抽查) of closed items, which may reopen one (seed 003). */
  'items.supervise': ['supervisor'],
  /** Reading six-clarifications statements in scope (their own person always may); audited. */
  'statements.read': ['inspector'],
  /** Who has submitted their six clarifications (never what): the office follows it up. */
  'statements.status': ['office', 'inspector', 'supervisor'],
  /** Registering problems from any intake channel (D4) about people in scope. */
  'problems.register': ['office', 'inspector'],
  /**
   * Reading problems in scope: channel, routing, the disclosure rules' verdict (never a
   * statement). Leaders and supervisors follow the problems as ledger items.
   */
  'problems.read': ['office', 'inspector'],
  /**
   * Tip-offs (监督举报) about units in scope: their text and subject, the reporter's identity
   * through its own route; every read audited. Nobody else sees a tip-off, not even the office.
   */
  'tipoffs.read': ['inspector'],
  /** Triaging a tip-off into a problem, closing it without pursuing, answering its reporter. */
  'tipoffs.triage': ['inspector'],
  /**
   * Findings of the self-check in scope, each registered as a problem: people's checklists
   * (their own self-check needs no grant), portrait comparisons per branch, life meetings and
   * the problems listed at them.
   */
  'findings.record': ['office'],
  /** The lower unit's office reports the result and handling of a handed-down problem back up. */
  'problems.report': ['office'],
  /**
   * Handling clues: the concealment flags (confirm or dismiss), correcting a problem's matching
   * clarification item, dispositions in the four forms. Never about oneself.
   */
  'clues.handle': ['inspector'],
  /** The four forms' figures in scope (how many problems and people, no names). */
  'clues.statistics': ['office', 'leader', 'inspector', 'supervisor'],
  /** A person's integrity file (个人廉政档案) in scope; every read audited. */
  'integrity.read': ['inspector'],
  /** The ledger's monthly dispatches and quarterly bulletins, the figures of units in scope. */
  'cadence.read': ['office', 'leader', 'inspector', 'supervisor'],
  /** Rule-making tasks (建章立制) of the units in scope, with the ledger items tracking them. */
  'rules.read': ['office', 'leader', 'inspector', 'supervisor'],
  /** Creating rule-making tasks, defining proposed ones and assigning them (the six clarities). */
  'rules.write': ['office'],
  /**
   * Phase summaries, assessments (考核), the year-end commendation and naming lists and the
   * year-end statistics, of the units in scope.
   */
  'assessment.read': ['office', 'leader', 'inspector', 'supervisor'],
  /**
   * Decisions on the ladder about items in scope (issue 18): who holds each, what was decided.
   * Taking one needs no role: it is the desk's, whoever sits there (GET /me/decisions).
   */
  'decisions.read': ['office', 'leader', 'inspector', 'supervisor'],
  /** The accountability register: every warning and rung, whom it reached. */
  'accountability.read': ['inspector', 'supervisor'],
  /**
   * The audit trail: what people below the units they inspect did, their reads of confidential
   * data included (an inspector's own reads are seen from above).
   */
  'audit.read': ['inspector'],
  'calendar.read': ['office', 'leader', 'inspector', 'supervisor', 'member'],
  // Holidays move every deadline in the system: only an admin enters or corrects a year.
  'calendar.write': [],
} as const satisfies Record<string, readonly Exclude<Role, 'admin'>[]>;

export type Action = keyof typeof POLICIES;

/** Roles an office may hand out within its subtree; only an admin grants admin. */
export const GRANTABLE_BY_OFFICE: readonly Role[] = [
  'office',
  'leader',
  'inspector',
  'supervisor',
  'member',
];
