import { spawn } from 'node:child_process';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { londonToday } from '../../src/common/clock';
import { createMailer } from '../../src/common/mailer';
import { startJobRunner, type JobRunner } from '../../src/jobs/job-runner';
import { REMINDER_TASK, sendReminders } from '../../src/modules/reminder/reminder.task';
import { Role } from '../../src/modules/user/role';
import {
  DecideThresholdDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  SchedulePanelDocument,
  SetVictimInvolvementDocument,
  SubmitApplicationDocument,
} from '../generated/graphql';
import { ensureBuilt, ROOT } from '../support/compiled-hub';
import { buildUser } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, type World } from '../support/world';

/*
 * Reminders by email, through the job queue, to a real SMTP server (smtp-server)
 * in this test. The job runs in a child process that is killed (SIGKILL) while
 * the server holds one of its mails unanswered; a new runner finishes the job.
 * Every person who must act gets each of their items once; nobody else gets any.
 */
type Received = { to: string; subject: string; text: string; messageId: string };
const silent = pino({ level: 'silent' });

describe('reminders that reach people', () => {
  let hub: TestHub;
  let w: World;
  let smtp: SMTPServer;
  let smtpUrl: string;
  const accepted: Received[] = [];
  /** Held (never answered) mails go here; the test kills the sender while one waits. */
  let holdFor: string | null = null;
  let held: (() => void) | null = null;
  const heldArrived = new Promise<void>((resolve) => (held = resolve));
  const runners: JobRunner[] = [];
  let secondCst: { id: string; email: string };
  let secondPoliceResponder: { id: string; email: string };
  const refs: Record<string, string> = {};
  // The killed run is a child process of the compiled hub: built before the tests' own clocks start (a clean clone has no dist/).
  beforeAll(() => ensureBuilt(), 300_000);

  const send = async (doc: any, vars: any, token = w.cst.token) => {
    const res = await hub.gql(doc, vars, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const mailsTo = (email: string) => accepted.filter((m) => m.to === email);

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          // The mail is accepted only when answered; a held one never is.
          if (holdFor && to === holdFor) {
            held?.();
            return;
          }
          const parsed = await simpleParser(Buffer.concat(chunks));
          accepted.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId ?? '' });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;

    hub = await startTestHub();
    w = await buildWorld(hub);
    secondCst = await buildUser(hub.dataSource, { agency: w.council, roles: [Role.CST_OFFICER] });
    secondPoliceResponder = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.RESPONDER] });
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    const today = londonToday();
    // A: received 60 days ago, nothing done: every milestone overdue (to the CST).
    const a = (await send(SubmitApplicationDocument, { input: application(w, { receivedAt: daysAgo(60) }) })).submitApplication;
    // B: received today: nothing due for days (no reminder at all).
    const b = (await send(SubmitApplicationDocument, { input: application(w, { receivedAt: daysAgo(0) }) })).submitApplication;
    // C: received today, an answer due from the police today, an update due tomorrow.
    const c = (await send(SubmitApplicationDocument, { input: application(w, { receivedAt: daysAgo(0) }) })).submitApplication;
    await send(DecideThresholdDocument, { caseId: c.id, met: true, reason: 'Met' });
    await send(RequestInformationDocument, { caseId: c.id, agencyId: w.police.id, question: 'What did you do?', dueOn: today });
    await send(RequestInformationDocument, { caseId: c.id, agencyId: w.housing2.id, question: 'And you?', dueOn: '2030-01-01' });
    await send(SetVictimInvolvementDocument, { caseId: c.id, involvement: { wantsToAttendPanel: true, updateEveryDays: 1 } });
    // D: reviewed today; the housing provider's recommendation was due yesterday, the council's in 2030.
    const d = (await send(SubmitApplicationDocument, { input: application(w, { receivedAt: daysAgo(0) }) })).submitApplication;
    await send(DecideThresholdDocument, { caseId: d.id, met: true, reason: 'Met' });
    await send(SchedulePanelDocument, { caseId: d.id, meetingAt: new Date().toISOString(), chairId: w.chair.user.id, memberIds: [w.housingPanelMember.user.id], independentChair: true });
    await send(RecordPanelOutcomeDocument, {
      caseId: d.id,
      findings: 'Findings',
      recommendations: [
        { agencyId: w.housing.id, text: 'Act now', dueOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) },
        { agencyId: w.council.id, text: 'Act later', dueOn: '2030-01-01' },
      ],
    }, w.chair.token);
    Object.assign(refs, { a: a.reference, b: b.reference, c: c.reference, d: d.reference });
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await hub.close();
  });

  it('sends each reminder once across a killed run, to the people who must act and nobody else', async () => {
    const cstEmails = [w.cst.user, secondCst].map((u) => u.email);
    const expected: Record<string, string[]> = {
      ...Object.fromEntries(cstEmails.map((e) => [e, [`${refs.a}:ACKNOWLEDGEMENT`, `${refs.a}:THRESHOLD_DECISION`, `${refs.a}:PANEL`, `${refs.a}:OUTCOME`, `${refs.c}:UPDATE`]])),
      [w.policeResponder.user.email]: [`${refs.c}:INFORMATION_REQUEST`],
      [secondPoliceResponder.email]: [`${refs.c}:INFORMATION_REQUEST`],
      [w.housingResponder.user.email]: [`${refs.d}:RECOMMENDATION`],
    };
    // The job sends one mail per person in the order of their ids: hold the last of ours, so some are accepted before the kill.
    const ours = (await hub.dataSource.query(`SELECT id, email FROM app_user WHERE email = ANY($1) ORDER BY id`, [Object.keys(expected)])) as { email: string }[];
    holdFor = ours.at(-1)!.email;

    const child = spawn(
      process.execPath,
      [
        '-e',
        `const d = (p) => require(${JSON.stringify(path.join(ROOT, 'dist', 'src'))} + p);
         const pino = require('pino');
         const log = pino({ level: 'silent' });
         const { REMINDER_TASK } = d('/modules/reminder/reminder.task.js');
         d('/jobs/job-runner.js').startJobRunner({ ownerUrl: process.env.OWNER_URL, log, tasks: [{ ...REMINDER_TASK, schedule: undefined }],
           mailer: d('/common/mailer.js').createMailer({ smtpUrl: process.env.SMTP_URL, from: 'hub@test.invalid', log }) })
           .then((r) => r.addJob('send-reminders', {}));`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, OWNER_URL: process.env.HUB_TEST_DATABASE_URL, SMTP_URL: smtpUrl }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await heldArrived;
    const beforeKill = accepted.length;
    expect(ours.slice(0, -1).every((u) => mailsTo(u.email).length === 1)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    holdFor = null;

    // The next process: its sweep frees the dead worker's job, which runs again from the start.
    const runner = await startJobRunner({
      ownerUrl: process.env.HUB_TEST_DATABASE_URL!,
      log: silent,
      tasks: [{ ...REMINDER_TASK, schedule: undefined }],
      deadWorkerGraceMs: 0,
      mailer: createMailer({ smtpUrl, from: 'hub@test.invalid', log: silent }),
    });
    runners.push(runner);
    await until(() => mailsTo(ours.at(-1)!.email).length > 0, 'the held mail to be sent by the next run');
    expect(accepted.length).toBeGreaterThan(beforeKill);
    await until(async () => (await hub.dataSource.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'send-reminders'`))[0].n === 0, 'the job to finish');

    for (const [email, items] of Object.entries(expected)) {
      const mails = mailsTo(email);
      expect({ email, mails: mails.length }).toEqual({ email, mails: 1 });
      const got = [...mails[0].text.matchAll(/^- (\S+): (.+?), (?:overdue since|due)/gm)].map(([, ref, what]) => `${ref}:${what}`);
      expect({ email, items: got.length }).toEqual({ email, items: items.length });
      for (const item of items) {
        const [ref] = item.split(':');
        expect(mails[0].text).toContain(`- ${ref}: `);
      }
    }
    // Nobody else of the partnership hears anything: contributors, panel members, the auditor, the council's and the
    // second housing provider's responders (their items are not due), the other partnership's CST.
    for (const person of [w.policeContributor, w.housingContributor, w.councilContributor, w.councilResponder, w.chair, w.policePanelMember, w.housingPanelMember, w.auditor, w.admin, w.otherCst]) {
      expect({ email: person.user.email, mails: mailsTo(person.user.email).length }).toEqual({ email: person.user.email, mails: 0 });
    }
    expect(accepted.filter((m) => m.text.includes(refs.b))).toEqual([]);

    // A mail names the case reference and what is due: nobody's name, address or the case's content.
    const cstMail = mailsTo(w.cst.user.email)[0];
    expect(cstMail.text).toContain(`- ${refs.a}: send the applicant the panel's findings and recommendations (outcome letter), overdue since `);
    expect(cstMail.text).toMatch(new RegExp(`- ${refs.c}: update the victim, at the frequency they asked for, due on `));
    for (const personal of ['Sam Carer', 'Alex Victim', '1 Quiet Road', 'ME4 4TR', '01634', 'Shouting at night', 'Bins set alight', 'What did you do?', 'Act now', 'Findings']) {
      for (const m of accepted.filter((x) => Object.keys(expected).includes(x.to))) expect({ personal, found: `${m.subject}\n${m.text}`.includes(personal) }).toEqual({ personal, found: false });
    }

    // Run again the same day (another process, or the schedule's backfill): nothing more for anyone of ours.
    const count = accepted.length;
    await sendReminders(hub.dataSource, createMailer({ smtpUrl, from: 'hub@test.invalid', log: silent }), silent, londonToday());
    expect(accepted.slice(count).filter((m) => Object.keys(expected).includes(m.to))).toEqual([]);
  });

  it('makes up a missed day once: a backfilled run reminds of the day it was for, and only once', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    const mailer = createMailer({ smtpUrl, from: 'hub@test.invalid', log: silent });
    const count = accepted.length;
    const deps = { dataSource: hub.dataSource, log: silent, mailer };
    await REMINDER_TASK.run({ _cron: { ts: yesterday.toISOString() } }, deps);
    const forYesterday = accepted.slice(count).filter((m) => m.to === w.cst.user.email);
    expect(forYesterday).toHaveLength(1);
    expect(forYesterday[0].text).toContain(`- ${refs.a}: `);
    const again = accepted.length;
    await REMINDER_TASK.run({ _cron: { ts: yesterday.toISOString() } }, deps);
    expect(accepted.slice(again).filter((m) => m.to === w.cst.user.email)).toEqual([]);
  });

  it('writes the mails to the log, without addresses or names, when there is no SMTP_URL', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const mailer = createMailer({ from: 'hub@test.invalid', log });
    const day = new Date(Date.now() - 2 * 86_400_000);
    await REMINDER_TASK.run({ _cron: { ts: day.toISOString() } }, { dataSource: hub.dataSource, log, mailer });
    const ours = lines.filter((l) => l.includes(w.cst.user.id));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain(refs.a);
    expect(ours[0]).toContain('"item":"OUTCOME"');
    for (const personal of [w.cst.user.email, 'Sam Carer', 'Alex Victim', 'ME4 4TR']) expect(lines.join('\n')).not.toContain(personal);
  });
});
