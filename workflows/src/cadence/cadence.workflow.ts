import type { CadenceActivities, CadenceWorkflowInput } from '@campaign/contracts';
import { cadenceKey, cadenceOwed, cadenceSchedule, CampaignClock } from '@campaign/domain';
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';

import { historyIsLong } from '../continue-as-new.js';

// A report must never be skipped: retried with backoff until it is produced (it is idempotent).
const { produceCadenceReport } = proxyActivities<CadenceActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * A breath after a period ends before its report is taken, so the item steps of its last
 * instants are recorded first. Harmless either way: a report reads the ledger as of its period's
 * end, whenever it is produced.
 */
const SETTLE_MS = 10_000;

/**
 * The ledger's cadence for one campaign (`cadence-<campaignId>`, DOMAIN.md D5): the monthly
 * dispatch (月调度), quarterly bulletin (季通报) and, for cadences launched with it, half-year analysis
 * (半年分析) of every period the campaign runs through, on
 * the campaign's clock (a rehearsal's in seconds). Never skipped: after a worker was down, every
 * period that passed is produced when it comes back, in order, each dated for its own period.
 * Ends after the last period: the one the campaign ends in (after pauses and extensions, or at
 * its cancellation).
 */
export async function cadenceWorkflow(input: CadenceWorkflowInput): Promise<void> {
  const clock = new CampaignClock(input.clock);
  const done = [...(input.done ?? [])];
  let endsAt = input.endsAt;
  for (;;) {
    // The flag is frozen in the input at launch, so a running cadence's commands never change.
    const schedule = cadenceSchedule(input.startsAt, endsAt, { halfYear: input.halfYear === true });
    const [next] = cadenceOwed(schedule, done);
    if (!next) return;
    const wait = clock.waitMs(next.dueAt, Date.now());
    if (wait > 0) await sleep(wait + SETTLE_MS);
    const result = await produceCadenceReport({
      campaignId: input.campaignId,
      kind: next.kind,
      period: next.period,
      from: next.from,
      to: next.to,
      at: clock.toCampaign(Date.now()),
    });
    done.push(cadenceKey(next));
    // Paused or extended, the campaign ends later now; cancelled, it ended then: the periods
    // still owed follow its end as it stands.
    endsAt = result.campaignEndsAt;
    if (historyIsLong(input.continueAsNewAfterEvents)) {
      await continueAsNew<typeof cadenceWorkflow>({ ...input, endsAt, done });
    }
  }
}
