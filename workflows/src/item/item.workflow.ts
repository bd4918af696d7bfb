import {
  getItemSnapshotQuery,
  ITEM_COMMAND_REFUSED,
  type ItemActivities,
  type ItemCommand,
  itemCommandUpdate,
  type ItemRefusalDetails,
  type ItemSnapshot,
  type ItemWorkflowInput,
} from '@campaign/contracts';
import {
  advanceItem,
  applyItemEvent,
  CampaignClock,
  type ItemContext,
  type ItemEffect,
  itemFacts,
  type ItemRefusal,
  type ItemState,
  nextItemTimers,
  registerItem,
  WorkingDayCalendar,
} from '@campaign/domain';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';

import { historyIsLong } from '../continue-as-new.js';
import { deliverInBackground } from '../notification/deliver.js';

// One activity per step: the row, the timeline, the register and the messages in one
// transaction, retried with backoff until it succeeds (a rung must never be lost).
const act = proxyActivities<ItemActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Registration with an assignment (ledger imports), added after item-v1 shipped. */
const IMPORTED_ASSIGNMENT = 'item-imported-assignment';

const refused = (refusal: ItemRefusal) =>
  ApplicationFailure.create({
    type: ITEM_COMMAND_REFUSED,
    message: refusal.message,
    nonRetryable: true,
    details: [{ code: refusal.code, violations: refusal.violations } satisfies ItemRefusalDetails],
  });

/**
 * One rectification item (DOMAIN.md D5): the thin loop around the ledger's pure core. People's
 * moves arrive as updates (validated before they are accepted, so a refusal changes nothing);
 * time passes on the campaign's clock, and every timer the core arms (reminders, the overdue
 * warning, the ladder's rungs, review windows, extension limits, the look-back) fires once,
 * in order, late if the worker was down. Each step is recorded by one idempotent activity.
 */
export async function itemWorkflow(input: ItemWorkflowInput): Promise<void> {
  const ctx: ItemContext = {
    policy: input.policy,
    reviewCadence: input.reviewCadence,
    calendar: new WorkingDayCalendar(input.calendarYears),
  };
  const clock = new CampaignClock(input.clock);
  const now = () => clock.toCampaign(Date.now());
  let state: ItemState;
  /** Bumped whenever the state changes, so the timer loop re-plans. */
  let version = 0;
  let busy = false;

  const snapshot = (): ItemSnapshot => {
    const facts = itemFacts(state, now());
    return {
      itemId: state.itemId,
      status: facts.status,
      warningLevel: facts.warningLevel,
      rung: facts.rung,
      deadline: facts.deadline,
      seq: state.seq,
    };
  };
  /** Steps run one at a time: a command waits for a rung being recorded, and the other way round. */
  const exclusive = async <T>(step: () => Promise<T>): Promise<T> => {
    while (busy) await condition(() => !busy);
    busy = true;
    try {
      return await step();
    } finally {
      busy = false;
    }
  };
  const commit = async (next: ItemState, effects: ItemEffect[]) => {
    state = next;
    version++;
    if (effects.length === 0) return;
    await deliverInBackground(await act.recordItemStep({ itemId: input.itemId, state, effects }));
  };

  // The state exists before the handlers do (an update can arrive with the first task), and
  // the registration is recorded before any command runs: the lock is taken until it is.
  let registration: ItemEffect[] = [];
  if (input.carried) {
    state = input.carried;
  } else {
    const registered = registerItem(input.registration, ctx);
    if (!registered.ok) throw refused(registered);
    state = registered.state;
    registration = registered.effects;
    // An imported row arrives assigned: both are recorded in the first step. The import checked
    // the assignment; should the core still refuse it, the item stays registered for the office.
    if (input.assignment && patched(IMPORTED_ASSIGNMENT)) {
      const assigned = applyItemEvent(state, input.assignment, ctx);
      if (assigned.ok) {
        state = assigned.state;
        registration = [...registration, ...assigned.effects];
      }
    }
    busy = true;
  }

  const apply = (command: ItemCommand) => applyItemEvent(state, { ...command, at: now() }, ctx);
  setHandler(
    itemCommandUpdate,
    (command: ItemCommand) =>
      exclusive(async () => {
        // Judged again: the item may have moved while this command waited its turn.
        const result = apply(command);
        if (!result.ok) throw refused(result);
        await commit(result.state, result.effects);
        return snapshot();
      }),
    {
      validator: (command: ItemCommand) => {
        const result = apply(command);
        if (!result.ok) throw refused(result);
      },
    },
  );
  setHandler(getItemSnapshotQuery, snapshot);
  if (registration.length > 0) {
    try {
      await commit(state, registration);
    } finally {
      busy = false;
    }
  }

  for (;;) {
    const timers = nextItemTimers(state, ctx.policy, ctx.calendar);
    // Confirmed at its look-back: nothing can happen to the item any more.
    if (timers.length === 0 && state.status === 'confirmed') break;
    const seen = version;
    const next = timers[0];
    const moved = next
      ? await condition(() => version !== seen, Math.max(1, clock.waitMs(next.at, Date.now())))
      : await condition(() => version !== seen);
    if (!moved && next) {
      await exclusive(async () => {
        if (version !== seen) return; // a command got in first: plan again
        const advanced = advanceItem(state, Math.max(now(), next.at), ctx);
        await commit(advanced.state, advanced.effects);
      });
    }
    if (historyIsLong(input.continueAsNewAfterEvents)) {
      await condition(() => !busy && allHandlersFinished());
      await continueAsNew<typeof itemWorkflow>({ ...input, carried: state });
    }
  }
  await condition(allHandlersFinished);
}
