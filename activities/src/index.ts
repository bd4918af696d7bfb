import type { Activities } from '@campaign/contracts';

import { createCadenceActivities } from './cadence/cadence.activities.js';
import { createCampaignActivities } from './campaign/campaign.activities.js';
import type { ActivityDeps } from './deps.js';
import { failPermanentErrorsFast } from './failures.js';
import { createItemActivities } from './item/item.activities.js';
import { createNotificationActivities } from './notification/notification.activities.js';
import { createTaskActivities } from './task/task.activities.js';

export type { ActivityDeps } from './deps.js';
export { isPermanent } from './failures.js';
export { notificationMessageId } from './notification/smtp-mailer.js';

/** Every activity of every context, built from the same dependencies. */
export function createActivities(deps: ActivityDeps): Activities {
  return failPermanentErrorsFast({
    ...createCampaignActivities(deps),
    ...createTaskActivities(deps),
    ...createItemActivities(deps),
    ...createNotificationActivities(deps),
    ...createCadenceActivities(deps),
  });
}
