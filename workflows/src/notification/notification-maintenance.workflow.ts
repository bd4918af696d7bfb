import {
  configureNotificationMaintenanceSignal,
  getNotificationMaintenanceStateQuery,
  type NotificationMaintenanceActivities,
  type NotificationMaintenanceInput,
  type NotificationMaintenanceSettings,
} from '@campaign/contracts';
import { nextShanghaiTime, shanghaiDate } from '@campaign/domain';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';

const DAY_MS = 24 * 3600 * 1000;
/** Sweeps per run before continuing as new: about 8 events each, far below history limits. */
const DEFAULT_SWEEPS_PER_RUN = 500;

const { sweepNotifications, sendDailyDigests } = proxyActivities<NotificationMaintenanceActivities>(
  {
    // A sweep or a digest run sends at most a thousand or so mails, heartbeating as it goes.
    startToCloseTimeout: '20 minutes',
    heartbeatTimeout: '2 minutes',
    // Bounded: a failing sweep must not stall the next ones (the next sweep tries again anyway).
    retry: { initialInterval: '10 seconds', maximumInterval: '2 minutes', maximumAttempts: 3 },
  },
);

/**
 * The notification mechanism's own clock, one per task queue (a fixed id; the worker starts it
 * at boot and finds the running one): every `sweepIntervalMs` it sends the e-mails left pending
 * (failed earlier, or left by a batch that gave up or a worker that died), and at `digestHour`
 * Asia/Shanghai it sends the daily digests, once per day — late if no worker ran at that hour,
 * never skipped. Continues as new every few hundred sweeps. A worker booting with other settings
 * signals them (`configureNotificationMaintenance`); they apply from the next round.
 */
export async function notificationMaintenanceWorkflow(
  input: NotificationMaintenanceInput,
): Promise<void> {
  let settings: NotificationMaintenanceSettings = {
    sweepIntervalMs: input.sweepIntervalMs,
    digestHour: input.digestHour,
  };
  // A fresh start does not send the digest of an hour that passed before it existed.
  let lastDigestDate =
    input.lastDigestDate ??
    shanghaiDate(nextShanghaiTime(Date.now(), settings.digestHour) - DAY_MS);
  let sweeps = 0;
  setHandler(configureNotificationMaintenanceSignal, (next) => {
    settings = { sweepIntervalMs: next.sweepIntervalMs, digestHour: next.digestHour };
  });
  setHandler(getNotificationMaintenanceStateQuery, () => ({ ...settings, lastDigestDate, sweeps }));

  for (;;) {
    const dueDate = shanghaiDate(nextShanghaiTime(Date.now(), settings.digestHour) - DAY_MS);
    if (dueDate > lastDigestDate) {
      try {
        await sendDailyDigests({ date: dueDate });
      } catch (error) {
        // What did not go out is pending and the sweep sends it; the digest itself exists.
        log.warn('daily digests failed; the sweep will retry them', { error: String(error) });
      }
      lastDigestDate = dueDate;
    }
    try {
      await sweepNotifications();
    } catch (error) {
      log.warn('notification sweep failed; trying again next time', { error: String(error) });
    }
    sweeps += 1;

    const untilDigest = nextShanghaiTime(Date.now(), settings.digestHour) - Date.now();
    await sleep(Math.max(1, Math.min(settings.sweepIntervalMs, untilDigest)));
    // After the sleep, so the new run starts with the work that is due now.
    if (
      sweeps >= (input.sweepsPerRun ?? DEFAULT_SWEEPS_PER_RUN) ||
      workflowInfo().continueAsNewSuggested
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof notificationMaintenanceWorkflow>({
        ...input,
        ...settings,
        lastDigestDate,
      });
    }
  }
}
