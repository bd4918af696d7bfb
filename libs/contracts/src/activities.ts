import type { CadenceActivities } from './cadence.js';
import type { CampaignActivities } from './campaign.js';
import type { ItemActivities } from './item.js';
import type { NotificationActivities, NotificationMaintenanceActivities } from './notification.js';
import type { TaskActivities } from './task.js';

/** Every activity the worker registers, across contexts: what `createActivities` returns. */
export type Activities = CampaignActivities &
  TaskActivities &
  ItemActivities &
  NotificationActivities &
  NotificationMaintenanceActivities &
  CadenceActivities;
