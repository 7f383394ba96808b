import { RETENTION_TASK } from '../modules/data-protection/retention.job';
import { REMINDER_TASK } from '../modules/reminder/reminder.task';
import type { HubTask } from './job-task';

/**
 * Every background job the hub runs, one list so the work done outside requests
 * is read in one place. Each feature exports its tasks from its module folder and
 * adds them here.
 */
export const JOB_TASKS: readonly HubTask<any>[] = [REMINDER_TASK, RETENTION_TASK];
