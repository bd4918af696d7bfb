import { workflowInfo } from '@temporalio/workflow';

/**
 * Whether a long-lived run should hand over to a new one: when Temporal suggests it (history
 * size or count near its limits), or, in tests, once its history holds `afterEvents` events.
 */
export function historyIsLong(afterEvents: number | undefined): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested || (afterEvents !== undefined && info.historyLength >= afterEvents)
  );
}
