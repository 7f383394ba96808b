import type { DataSource } from 'typeorm';
import { londonToday } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { Mailer } from '../../common/mailer';
import { londonDate } from '../../common/working-days';
import type { HubTask } from '../../jobs/job-task';
import { dueItems, type DueItem } from './reminder.items';
import { reminderMail } from './reminder.mail';

/**
 * Every morning: tells the people who must act what falls due within two
 * working days or is overdue, once per item, person and day. Each person's mail
 * is sent inside the transaction that records its items (reminder_sent, unique
 * per item, person and day) and the transaction commits once the mail server
 * has accepted it: a run cut short sends, when run again, exactly what was not
 * accepted, and a second runner waits on the first's rows and sends nothing.
 * The one window left is between the server's acceptance and the commit (a
 * crash there sends that mail again); its Message-ID is the same, so mail
 * systems that drop duplicate Message-IDs drop it.
 */
export const REMINDER_TASK: HubTask<{ _cron?: { ts: string } }> = {
  name: 'send-reminders',
  // 07:00 in the hub's time zone (UTC unless TZ is set); days missed while no hub ran are made up at the next start.
  schedule: { pattern: '0 7 * * *', backfill: '2d' },
  run: async (payload, { dataSource, log, mailer }) => {
    // A backfilled run reminds of the day it was for (its items were due then), recorded under that day.
    const day = payload._cron?.ts ? londonDate(new Date(payload._cron.ts)) : londonToday();
    await sendReminders(dataSource, mailer, log, day);
  },
};

/** Sends the day's reminders; answers how many mails went out (to the server, or to the log without SMTP_URL). */
export async function sendReminders(dataSource: DataSource, mailer: Mailer, log: Logger, today: string): Promise<number> {
  const items = await dueItems(dataSource, today);
  const byRecipient = new Map<string, { recipient: { id: string; email: string }; items: DueItem[] }>();
  for (const item of items) {
    for (const recipient of item.recipients) {
      const entry = byRecipient.get(recipient.id) ?? { recipient, items: [] };
      entry.items.push(item);
      byRecipient.set(recipient.id, entry);
    }
  }
  let sent = 0;
  for (const { recipient, items: theirs } of [...byRecipient.values()].sort((a, b) => a.recipient.id.localeCompare(b.recipient.id))) {
    await dataSource.transaction(async (manager) => {
      const fresh: { item: string; item_id: string }[] = await manager.query(
        `INSERT INTO reminder_sent (item, item_id, case_id, recipient_id, on_date, due_on)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::date[])
         ON CONFLICT ON CONSTRAINT reminder_sent_once_a_day DO NOTHING
         RETURNING item, item_id`,
        [
          theirs.map((i) => i.item),
          theirs.map((i) => i.itemId),
          theirs.map((i) => i.caseId),
          theirs.map(() => recipient.id),
          theirs.map(() => today),
          theirs.map((i) => i.dueOn),
        ],
      );
      const isFresh = new Set(fresh.map((f) => `${f.item}:${f.item_id}`));
      const toSend = theirs.filter((i) => isFresh.has(`${i.item}:${i.itemId}`)).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference));
      if (toSend.length === 0) return;
      await mailer.send(reminderMail(recipient, toSend, today));
      sent += 1;
    });
  }
  log.info({ on: today, items: items.length, mails: sent, via: mailer.kind }, 'reminders sent');
  return sent;
}
