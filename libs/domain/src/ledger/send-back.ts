import type { Violation } from '../errors.js';

/**
 * An inspector's verdict on a submitted item (`POST /items/:id/verify`): closed (销号), or sent
 * back (退回) to be rectified again.
 */
export interface Verdict {
  decision: 'close' | 'send_back';
  /** The inspector's note: optional on a closure, the reason on a send-back. */
  reason?: string | null;
}

/**
 * A send-back needs its note: the responsible person redoes the work from it, and the
 * escalation register shows why the item went back. A closure needs none.
 */
export function checkVerdict(verdict: Verdict): Violation[] {
  if (verdict.decision === 'close' || verdict.reason) return [];
  return [{ field: 'reason', rule: 'reason_required', message: 'say why it is sent back' }];
}
