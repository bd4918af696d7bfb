import {
  advancePhaseUpdate,
  type AdvanceRequest,
  type CampaignActivities,
  type CampaignState,
  type CampaignWorkflowInput,
  getCampaignStateQuery,
  NO_NEXT_PHASE,
} from '@campaign/contracts';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

// Projections are short idempotent upserts: local activities run them in the worker that holds
// the workflow, without a round trip through the task queue, and record only their result.
const { projectCampaignCreated, projectCampaignPhase } = proxyLocalActivities<CampaignActivities>({
  // A slow database should fail fast and be retried, not hang the workflow task.
  startToCloseTimeout: '30 seconds',
  // No maximumAttempts: a read model that is down for an hour must catch up, not lose a phase.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The campaign workflow as it shipped first (v1), kept exactly so that campaigns launched
 * before plans existed replay and run on: it walks the four dated phases on durable timers,
 * each opening at its planned start (or earlier, through `advancePhase`), and completes when
 * the last phase's deadline passes. New campaigns take the engine (campaign.workflow.ts),
 * chosen behind `patched()`. Remove once no v1 campaign runs (then `deprecatePatch`).
 */
export async function campaignWorkflowV1(input: CampaignWorkflowInput): Promise<CampaignState> {
  const { campaignId, plan } = input;
  const phases = plan.phases;
  const state: CampaignState = {
    campaignId,
    status: 'scheduled',
    phaseIndex: null,
    currentPhase: null,
  };
  /** Highest phase index an advance has asked for; -1 while none has. */
  let requestedIndex = -1;
  /** Highest phase index whose opening is in the read model. */
  let projectedIndex = -1;

  const nextIndex = (): number => Math.max(requestedIndex, state.phaseIndex ?? -1) + 1;

  setHandler(getCampaignStateQuery, () => ({ ...state }));
  setHandler(
    advancePhaseUpdate,
    // v1 takes no request; the engine's request (reason, expected phase) is ignored here.
    async (_request?: AdvanceRequest) => {
      const target = nextIndex();
      requestedIndex = target;
      await condition(() => projectedIndex >= target);
      return { ...state };
    },
    {
      validator: (_request?: AdvanceRequest) => {
        if (state.status === 'completed' || nextIndex() >= phases.length) {
          throw ApplicationFailure.create({
            type: NO_NEXT_PHASE,
            message: 'the campaign has no next phase to advance to',
            nonRetryable: true,
          });
        }
      },
    },
  );

  await projectCampaignCreated(input);

  for (const [index, phase] of phases.entries()) {
    const advanced = await waitUntil(phase.startsAt, () => requestedIndex >= index);
    state.status = 'active';
    state.phaseIndex = index;
    state.currentPhase = phase.kind;
    await projectCampaignPhase({
      campaignId,
      status: 'active',
      phase: phase.kind,
      at: new Date().toISOString(),
      advanced,
    });
    projectedIndex = index;
  }

  const last = phases[phases.length - 1];
  if (last) await waitUntil(last.endsAt, () => false);
  state.status = 'completed';
  await projectCampaignPhase({
    campaignId,
    status: 'completed',
    phase: state.currentPhase,
    at: new Date().toISOString(),
    advanced: false,
  });

  // An update accepted just before completion must get its answer before the workflow closes.
  await condition(allHandlersFinished);
  return { ...state };
}

/**
 * Sleeps on a durable timer until `instant` (workflow time) unless `early` becomes true first.
 * Returns true when woken early.
 */
async function waitUntil(instant: string, early: () => boolean): Promise<boolean> {
  if (early()) return true;
  const remaining = Date.parse(instant) - Date.now();
  if (remaining <= 0) return false;
  return condition(early, remaining);
}
