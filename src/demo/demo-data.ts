import type { DataSource } from 'typeorm';
import { signToken } from '../common/auth';
import type { Logger } from '../common/logger';
import { createContext, type Services } from '../graphql/context';
import type { Actor } from '../common/actor';
import { AgencyKind } from '../modules/agency/agency-kind';
import { Agency } from '../modules/agency/agency.entity';
import { ApplicantRelationship, Channel } from '../modules/case-review/case-review.enums';
import { ContactDirection } from '../modules/contact/contact-direction';
import { PanelAttendance } from '../modules/involvement/panel-attendance';
import { LetterKind } from '../modules/letter/letter-kind';
import type { ApplicationInput } from '../modules/case-review/case-review.inputs';
import type { IncidentInput } from '../modules/incident/incident.inputs';
import { AsbCategory } from '../modules/incident/asb-category';
import { PersonKind } from '../modules/person/person-kind';
import { PartnershipIndependentChair } from '../modules/partnership/independent-chair.entity';
import { PartnershipAgency } from '../modules/partnership/partnership-agency.entity';
import { Partnership } from '../modules/partnership/partnership.entity';
import { DEFAULT_THRESHOLD_RULES } from '../modules/partnership/threshold-rule';
import { RecommendationDecision } from '../modules/recommendation/recommendation-status';
import { currentYear } from '../modules/statistics/periods';
import { loadActor } from '../modules/user/actor.loader';
import { Role } from '../modules/user/role';
import { User } from '../modules/user/user.entity';

/*
 * A fictional partnership for a newcomer's first minute: Medway CSP with its
 * council (lead), Kent Police and two housing providers, one user of every
 * role, and a case in every status, built through the same services the API
 * uses (so every step is checked, versioned, evented and access-logged).
 * Every name, address and reference here is invented.
 */

const AGENCIES = {
  council: { code: 'DEMO-MEDWAY-COUNCIL', name: 'Medway Council (demo)', kind: AgencyKind.COUNCIL },
  police: { code: 'DEMO-KENT-POLICE', name: 'Kent Police (demo)', kind: AgencyKind.POLICE },
  moat: { code: 'DEMO-MOAT-HOMES', name: 'Moat Homes (demo)', kind: AgencyKind.HOUSING_PROVIDER },
  clarion: { code: 'DEMO-CLARION', name: 'Clarion Housing (demo)', kind: AgencyKind.HOUSING_PROVIDER },
  independent: { code: 'DEMO-INDEPENDENT', name: 'Independent panel chairs (demo)', kind: AgencyKind.OTHER },
  pcc: { code: 'DEMO-KENT-PCC', name: 'Office of the Kent Police and Crime Commissioner (demo)', kind: AgencyKind.POLICING_BODY },
} as const;

type AgencyKey = keyof typeof AGENCIES;

const USERS: { email: string; name: string; agency: AgencyKey; roles: Role[] }[] = [
  { email: 'admin@demo.example', name: 'Demo administrator', agency: 'independent', roles: [Role.ADMIN] },
  { email: 'cst@demo.example', name: 'Casey (CST officer)', agency: 'council', roles: [Role.CST_OFFICER] },
  // The second officer who confirms consent a resident had withdrawn before (confirmConsent).
  { email: 'cst2@demo.example', name: 'Sasha (second CST officer)', agency: 'council', roles: [Role.CST_OFFICER] },
  { email: 'police.records@demo.example', name: 'Priya (police records)', agency: 'police', roles: [Role.CONTRIBUTOR] },
  { email: 'moat.records@demo.example', name: 'Morgan (Moat Homes records)', agency: 'moat', roles: [Role.CONTRIBUTOR] },
  { email: 'clarion.records@demo.example', name: 'Chris (Clarion records)', agency: 'clarion', roles: [Role.CONTRIBUTOR] },
  { email: 'police.responder@demo.example', name: 'Pat (police responder)', agency: 'police', roles: [Role.RESPONDER] },
  { email: 'moat.responder@demo.example', name: 'Mel (Moat Homes responder)', agency: 'moat', roles: [Role.RESPONDER] },
  { email: 'council.responder@demo.example', name: 'Cam (council responder)', agency: 'council', roles: [Role.RESPONDER] },
  { email: 'chair@demo.example', name: 'Jordan (independent chair)', agency: 'independent', roles: [Role.PANEL_MEMBER] },
  { email: 'panel.police@demo.example', name: 'Inspector Rowe (panel)', agency: 'police', roles: [Role.PANEL_MEMBER] },
  { email: 'auditor@demo.example', name: 'Dana (auditor)', agency: 'council', roles: [Role.AUDITOR] },
  { email: 'dpo@demo.example', name: 'Drew (data protection officer)', agency: 'council', roles: [Role.DATA_PROTECTION_OFFICER] },
  // The commissioner's office reads the partnership's yearly return (caseReviewReturn), nothing personal.
  { email: 'pcc@demo.example', name: "Robin (commissioner's office)", agency: 'pcc', roles: [Role.OVERSIGHT] },
];

export type DemoUser = { email: string; roles: Role[]; token: string };

/** Seeds the demo into a hub that has no partnership yet; returns the users with fresh tokens, or null when it did nothing. */
export async function seedDemoData(
  dataSource: DataSource,
  secret: string,
  log: Logger,
  /** The demo's tokens live this long: 12 hours, or less when AUTH_MAX_TOKEN_HOURS says so (longer ones would be refused). */
  tokenHours = 12,
): Promise<{ users: DemoUser[]; caseId: string; tokenHours: number } | null> {
  const agencies = await dataSource.transaction(async (manager) => {
    await manager.query("SELECT pg_advisory_xact_lock(hashtext('asb-hub:demo-data'))");
    // Only into a fresh hub: one without any partnership yet (a bootstrap admin may exist).
    if ((await manager.count(Partnership)) > 0) return null;
    const saved = {} as Record<AgencyKey, Agency>;
    for (const [key, agency] of Object.entries(AGENCIES) as [AgencyKey, (typeof AGENCIES)[AgencyKey]][]) {
      saved[key] = await manager.save(manager.create(Agency, agency));
    }
    const partnership = await manager.save(
      manager.create(Partnership, {
        code: 'DEMO-MEDWAY',
        name: 'Medway Community Safety Partnership (demo)',
        leadAgencyId: saved.council.id,
        thresholdRules: [
          ...DEFAULT_THRESHOLD_RULES,
          { minReports: 1, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [AsbCategory.HATE] },
        ],
        responseWorkingDays: 25,
      }),
    );
    await manager.insert(
      PartnershipAgency,
      (['council', 'police', 'moat', 'clarion', 'pcc'] as const).map((k) => ({ partnershipId: partnership.id, agencyId: saved[k].id })),
    );
    for (const u of USERS) {
      const user = await manager.save(manager.create(User, { email: u.email, displayName: u.name, agencyId: saved[u.agency].id, roles: u.roles }));
      // The independent chair's agency is not of the partnership: the administrator registered them to chair its panels.
      if (u.email === 'chair@demo.example') {
        const admin = await manager.findOneByOrFail(User, { email: 'admin@demo.example' });
        await manager.insert(PartnershipIndependentChair, { partnershipId: partnership.id, userId: user.id, addedById: admin.id });
      }
    }
    return { ...saved, partnership };
  });
  if (!agencies) return null;

  const as = async <T>(email: string, work: (services: Services, actor: Actor) => Promise<T>): Promise<T> => {
    const ctx = createContext(dataSource, log, 'demo-seed');
    try {
      const actor = await loadActor(ctx.db, email);
      if (!actor) throw new Error(`demo user ${email} missing`);
      const result = await work(ctx.services, actor);
      await ctx.db.flushAccessLog();
      await ctx.db.finish(true);
      return result;
    } catch (error) {
      await ctx.db.finish(false);
      throw error;
    }
  };

  const now = Date.now();
  const daysAgo = (d: number, hour = 10) => new Date(Math.floor((now - d * 86_400_000) / 86_400_000) * 86_400_000 + hour * 3_600_000);
  const victim = (n: number) => ({ kind: PersonKind.INDIVIDUAL, name: `Demo Resident ${n}`, dateOfBirth: `19${60 + n}-0${1 + (n % 9)}-15`, postcode: `ME${n} 4DM` });
  const report = (ref: string, d: number, n: number, category = AsbCategory.NOISE): IncidentInput =>
    ({
      reference: ref,
      occurredAt: daysAgo(d, 22),
      reportedAt: daysAgo(d - 1, 9),
      category,
      summary: `Demo report ${ref}: loud music, shouting and banging on the door at night.`,
      location: `${n} Demo Street, Chatham`,
      reporter: victim(n),
    }) as IncidentInput;

  // The agencies' own records about six demo residents.
  const recorded: Record<string, string[]> = {};
  for (const [email, prefix, category] of [
    ['police.records@demo.example', 'KP', AsbCategory.INTIMIDATION_HARASSMENT],
    ['moat.records@demo.example', 'MH', AsbCategory.NOISE],
    ['clarion.records@demo.example', 'CH', AsbCategory.VANDALISM],
  ] as const) {
    const batch = [1, 2, 3, 4, 5, 6].flatMap((n) => [report(`${prefix}-DEMO-${n}-A`, 60 + n, n, category), report(`${prefix}-DEMO-${n}-B`, 30 + n, n, category)]);
    const result = await as(email, (s, a) => s.incidents.record(a, batch));
    batch.forEach((b, i) => (recorded[b.reference] = [...(recorded[b.reference] ?? []), result.recordedIds[i]]));
    // Each resident's second report raised a prompt for the recording agency (DOMAIN.md, "Telling victims at a
    // repeat report"). The police explain one at once; the others stay open for the police contributor.
    if (email === 'police.records@demo.example') {
      const [first] = await as(email, (s, a) => s.reviewPrompts.list(a, true));
      if (first) await as(email, (s, a) => s.reviewPrompts.markExplained(a, first.id, Channel.PHONE));
    }
  }
  const recordsOf = (n: number) => Object.entries(recorded).filter(([ref]) => ref.includes(`-DEMO-${n}-`)).flatMap(([, ids]) => ids);

  const cst = 'cst@demo.example';
  /** An application received `receivedDaysAgo` days ago, or on a given date. */
  const apply = (n: number, relationship: ApplicantRelationship, received: number | Date) => {
    const receivedAt = typeof received === 'number' ? daysAgo(received) : received;
    return as(cst, (s, a) =>
      s.cases.submit(a, {
        partnershipId: agencies.partnership.id,
        receivedAt,
        channel: [Channel.PHONE, Channel.ONLINE, Channel.EMAIL, Channel.POST, Channel.IN_PERSON][n % 5],
        applicant: relationship === ApplicantRelationship.SELF ? victim(n) : { kind: PersonKind.INDIVIDUAL, name: `Demo Helper ${n}`, phone: '01634 000000' },
        relationship,
        victim: relationship === ApplicantRelationship.SELF ? null : victim(n),
        consentGivenAt: new Date(receivedAt.getTime() - 86_400_000),
        reportedIncidents: [
          { occurredOn: new Date(receivedAt.getTime() - 37 * 86_400_000).toISOString().slice(0, 10), reportedToOrganisation: 'Kent Police', reportedToReference: `KP-DEMO-${n}-B`, details: 'Shouting at night' },
        ],
      } as unknown as ApplicationInput),
    );
  };
  const step = <T>(email: string, work: (s: Services, a: Actor) => Promise<T>) => as(email, work);
  const assemble = async (caseId: string, n: number, met: boolean) => {
    await step(cst, (s, a) => s.cases.link(a, caseId, recordsOf(n)));
    await step(cst, (s, a) =>
      s.cases.decideThreshold(a, caseId, met ? { met, reason: 'Qualifying reports from two agencies' } : { met, reason: 'Reports too old', alternativeAction: 'Mediation offered' }),
    );
  };
  const panel = (caseId: string) =>
    step(cst, (s, a) =>
      s.panels.schedule(a, caseId, { meetingAt: daysAgo(2, 14), chairId: userIds.get('chair@demo.example')!, memberIds: [userIds.get('panel.police@demo.example')!], independentChair: true }),
    );
  const outcome = (caseId: string, chair = 'chair@demo.example') =>
    step(chair, (s, a) =>
      s.panels.recordOutcome(a, caseId, {
        findings: 'Each agency acted on its own reports; nobody joined them up.',
        recommendations: [
          { agencyId: agencies.police.id, text: 'Flag the address for repeat-victim checks' },
          { agencyId: agencies.moat.id, text: 'Start tenancy enforcement' },
          { agencyId: agencies.council.id, text: 'Install noise monitoring' },
        ],
      }),
    );
  const userIds = new Map<string, string>(
    (await dataSource.manager.find(User, { select: { id: true, email: true } })).map((u) => [u.email, u.id]),
  );

  // One case in every status.
  await apply(1, ApplicantRelationship.SELF, 3); // RECEIVED
  const notMet = await apply(2, ApplicantRelationship.FAMILY_MEMBER, 20);
  await assemble(notMet.id, 2, false); // THRESHOLD_NOT_MET
  const inReview = await apply(3, ApplicantRelationship.COUNCILLOR, 15);
  await assemble(inReview.id, 3, true);
  const request = await step(cst, (s, a) => s.informationRequests.request(a, inReview.id, agencies.police.id, 'What did you do about these reports?', daysAgo(-10).toISOString().slice(0, 10)));
  await step('police.responder@demo.example', (s, a) => s.informationRequests.respond(a, request.id, 'Two visits and a warning letter', ['Visit', 'Warning letter'])); // IN_REVIEW
  const scheduled = await apply(4, ApplicantRelationship.CARER, 25);
  await assemble(scheduled.id, 4, true);
  await panel(scheduled.id); // PANEL_SCHEDULED
  const reviewed = await apply(5, ApplicantRelationship.SELF, 30);
  await assemble(reviewed.id, 5, true);
  await panel(reviewed.id);
  await outcome(reviewed.id); // REVIEWED
  // The victim's risk, assessed by the CST three weeks ago: HIGH (violence), so its 14-day reassessment is now late.
  const riskAnswers = (...yes: string[]) =>
    ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'].map((questionId) => ({ questionId, answer: yes.includes(questionId) }));
  await step(cst, (s, a) => s.riskAssessments.assess(a, reviewed.id, riskAnswers('repeat', 'violence', 'home'), null, daysAgo(21)));
  const sent = await apply(6, ApplicantRelationship.MEMBER_OF_PARLIAMENT, 35);
  await assemble(sent.id, 6, true);
  await panel(sent.id);
  const withRecs = await outcome(sent.id);
  const recs = await step('police.responder@demo.example', (s, a) => s.recommendations.mine(a));
  const policeRec = recs.find((r) => r.record.caseId === withRecs.id);
  if (policeRec) await step('police.responder@demo.example', (s, a) => s.recommendations.respond(a, policeRec.id, RecommendationDecision.DECLINED, 'Already flagged under the repeat-victim policy'));
  await step(cst, (s, a) => s.cases.markOutcomeSent(a, sent.id)); // OUTCOME_SENT
  // Assessed at application, and reassessed by the panel's chair: MEDIUM, then HIGH (the printed case's pack shows both).
  await step(cst, (s, a) => s.riskAssessments.assess(a, sent.id, riskAnswers('repeat', 'vulnerable', 'health'), null, daysAgo(34)));
  await step('chair@demo.example', (s, a) => s.riskAssessments.assess(a, sent.id, riskAnswers('repeat', 'vulnerable', 'health', 'home', 'targeted'), null, daysAgo(2)));
  const secondary = await apply(7, ApplicantRelationship.FRIEND, 40);
  await step(cst, (s, a) => s.cases.decideThreshold(a, secondary.id, { met: false, reason: 'One report only', alternativeAction: 'Neighbourhood officer visit' }));
  await step(cst, (s, a) => s.cases.requestSecondaryReview(a, secondary.id, 'The applicant disagrees with the decision')); // SECONDARY_REVIEW
  const closed = await apply(8, ApplicantRelationship.SELF, 45);
  await step(cst, (s, a) => s.cases.decideThreshold(a, closed.id, { met: false, reason: 'No qualifying reports', alternativeAction: 'Signposted to mediation' }));
  await step(cst, (s, a) => s.cases.close(a, closed.id, 'Applicant informed')); // CLOSED
  const withdrawn = await apply(9, ApplicantRelationship.SELF, 10);
  await step(cst, (s, a) => s.cases.withdraw(a, withdrawn.id, 'The applicant moved away')); // WITHDRAWN
  // Resident 9 also withdrew consent; a new application for them waits for a second officer
  // (cst2@demo.example can confirm it with confirmConsent).
  await step(cst, (s, a) => s.cases.withdrawConsent(a, withdrawn.id, daysAgo(9)));
  await apply(9, ApplicantRelationship.SELF, 1); // RECEIVED, consent awaiting confirmation

  // Keeping the victim informed (DOMAIN.md): the partnership's letterhead, the letters the CST sent
  // (each recorded as a contact, one of every kind), a victim's wishes, and a case nobody acknowledged.
  await step(cst, (s, a) => s.letters.setLetterhead(a, agencies.partnership.id, 'Gun Wharf, Dock Road, Chatham ME4 4TR (demo)\n01634 000000 · community.safety@demo.example'));
  const sentLetter = (caseId: string, letter: LetterKind, at?: Date) =>
    step(cst, (s, a) => s.contacts.record(a, caseId, { at, direction: ContactDirection.TO_APPLICANT, channel: Channel.POST, letter, summary: `${letter.toLowerCase().replace(/_/g, ' ')} letter posted` }));
  const acknowledged: [string, number][] = [[notMet.id, 20], [inReview.id, 15], [scheduled.id, 25], [reviewed.id, 30], [sent.id, 35], [secondary.id, 40], [closed.id, 45], [withdrawn.id, 10]];
  for (const [caseId, received] of acknowledged) await sentLetter(caseId, LetterKind.ACKNOWLEDGEMENT, daysAgo(received - 1, 15));
  for (const caseId of [notMet.id, secondary.id, closed.id]) await sentLetter(caseId, LetterKind.THRESHOLD_NOT_MET);
  for (const caseId of [inReview.id, scheduled.id, reviewed.id, sent.id]) await sentLetter(caseId, LetterKind.THRESHOLD_MET);
  await step(cst, (s, a) => s.cases.notifyDelay(a, reviewed.id, 'Moat Homes needs two more weeks to answer the panel'));
  await sentLetter(reviewed.id, LetterKind.DELAY);
  await sentLetter(sent.id, LetterKind.OUTCOME);
  await sentLetter(closed.id, LetterKind.CLOSURE);
  await sentLetter(withdrawn.id, LetterKind.CLOSURE);
  await step(cst, (s, a) =>
    s.involvement.set(a, scheduled.id, { preferredChannel: Channel.PHONE, wantsToAttendPanel: true, attendance: PanelAttendance.ONLINE, updateEveryDays: 14, statement: 'Demo statement: the noise stops me sleeping.' }),
  );
  // A case taken through a secondary review to its end: the secondary review's outcome letter, then closure.
  const reviewedTwice = await apply(10, ApplicantRelationship.SELF, 50);
  await sentLetter(reviewedTwice.id, LetterKind.ACKNOWLEDGEMENT, daysAgo(49, 15));
  await step(cst, (s, a) => s.cases.decideThreshold(a, reviewedTwice.id, { met: true, reason: 'Reports to three agencies in six months' }));
  await panel(reviewedTwice.id);
  await outcome(reviewedTwice.id);
  await step(cst, (s, a) => s.cases.markOutcomeSent(a, reviewedTwice.id));
  await step(cst, (s, a) => s.cases.requestSecondaryReview(a, reviewedTwice.id, 'The applicant asked for an independent look'));
  await panel(reviewedTwice.id);
  await step('chair@demo.example', (s, a) => s.panels.recordOutcome(a, reviewedTwice.id, { findings: 'The first review was fair; the council should act sooner.', recommendations: [{ agencyId: agencies.council.id, text: 'Answer repeat callers within a week' }] }));
  await step(cst, (s, a) => s.cases.markOutcomeSent(a, reviewedTwice.id));
  await sentLetter(reviewedTwice.id, LetterKind.SECONDARY_REVIEW_OUTCOME);
  await step(cst, (s, a) => s.cases.close(a, reviewedTwice.id, 'The secondary review is the last step'));
  // Received six weeks ago and never acknowledged or decided: overdueCases lists it (and tomorrow's reminders name it).
  await apply(11, ApplicantRelationship.SELF, 42);

  await lastFinancialYear(agencies.partnership.code);

  /**
   * Applications of the financial year before this one, all decided, so the published
   * figures (/partnerships/DEMO-MEDWAY/figures) have two years to show: two threshold
   * decisions "not met" (one closed), one withdrawn, four reviews with their outcome
   * letters sent 16 to 30 days after receipt, their recommendations accepted, completed
   * or declined, and a secondary review asked after one of them. Each was acknowledged
   * and written to at each step, so none of them is overdue today.
   */
  async function lastFinancialYear(code: string): Promise<void> {
    const start = Date.parse(`${currentYear('FINANCIAL_YEAR') - 1}-04-01T09:00:00Z`);
    const on = (day: number) => new Date(start + day * 86_400_000);
    const declined = 'Already in hand under the repeat-victim policy';
    const answer = async (caseId: string, email: string, decide: (i: number) => 'ACCEPTED' | 'COMPLETED' | 'DECLINED') => {
      const mine = (await step(email, (s, a) => s.recommendations.mine(a))).filter((r) => r.record.caseId === caseId);
      for (const [i, r] of mine.entries()) {
        const decision = decide(i);
        await step(email, (s, a) => s.recommendations.respond(a, r.id, decision === 'DECLINED' ? RecommendationDecision.DECLINED : RecommendationDecision.ACCEPTED, decision === 'DECLINED' ? declined : null));
        if (decision === 'COMPLETED') await step(email, (s, a) => s.recommendations.complete(a, r.id, 'Done'));
      }
    };
    const reviewed: [n: number, relationship: ApplicantRelationship, day: number, letterAfterDays: number, independent: boolean, attended: boolean][] = [
      [20, ApplicantRelationship.SELF, 21, 26, true, true],
      [21, ApplicantRelationship.CARER, 63, 30, true, false],
      [22, ApplicantRelationship.FAMILY_MEMBER, 148, 16, false, true],
      [23, ApplicantRelationship.SELF, 232, 28, true, true],
    ];
    for (const [i, [n, relationship, day, letterAfterDays, independentChair, attended]] of reviewed.entries()) {
      const c = await apply(n, relationship, on(day));
      await sentLetter(c.id, LetterKind.ACKNOWLEDGEMENT, on(day + 2));
      await step(cst, (s, a) => s.cases.decideThreshold(a, c.id, { met: true, reason: 'Three qualifying reports confirmed by the agencies' }));
      await sentLetter(c.id, LetterKind.THRESHOLD_MET, on(day + 7));
      await step(cst, (s, a) =>
        s.panels.schedule(a, c.id, { meetingAt: on(day + 14), chairId: userIds.get(independentChair ? 'chair@demo.example' : 'panel.police@demo.example')!, memberIds: [userIds.get('panel.police@demo.example')!], independentChair }),
      );
      // How the victim took part, as the CST kept it up to date (the return counts those who attended).
      await step(cst, (s, a) => s.involvement.set(a, c.id, { preferredChannel: Channel.PHONE, wantsToAttendPanel: attended, attendance: attended ? PanelAttendance.IN_PERSON : PanelAttendance.STATEMENT_ONLY, statement: attended ? null : 'Demo statement read to the panel.' }));
      await outcome(c.id, independentChair ? 'chair@demo.example' : 'panel.police@demo.example');
      await answer(c.id, 'police.responder@demo.example', () => (i % 2 === 0 ? 'COMPLETED' : 'ACCEPTED'));
      await answer(c.id, 'moat.responder@demo.example', () => (i === 1 ? 'DECLINED' : 'COMPLETED'));
      await step(cst, (s, a) => s.cases.markOutcomeSent(a, c.id, on(day + letterAfterDays)));
      await sentLetter(c.id, LetterKind.OUTCOME, on(day + letterAfterDays));
      if (i === 3) await step(cst, (s, a) => s.cases.requestSecondaryReview(a, c.id, 'The applicant asks for the independent panel', on(day + letterAfterDays + 10)));
      else await step(cst, (s, a) => s.cases.close(a, c.id, 'Outcome sent; recommendations tracked'));
    }
    for (const [n, relationship, day, closed] of [[24, ApplicantRelationship.COUNCILLOR, 95, true], [25, ApplicantRelationship.SELF, 301, false]] as const) {
      const c = await apply(n, relationship, on(day));
      await sentLetter(c.id, LetterKind.ACKNOWLEDGEMENT, on(day + 2));
      await step(cst, (s, a) => s.cases.decideThreshold(a, c.id, { met: false, reason: 'Fewer than three qualifying reports', alternativeAction: 'Neighbourhood officer visit' }));
      await sentLetter(c.id, LetterKind.THRESHOLD_NOT_MET, on(day + 6));
      if (closed) await step(cst, (s, a) => s.cases.close(a, c.id, 'Applicant told what will be done instead'));
    }
    const withdrawnLastYear = await apply(26, ApplicantRelationship.FRIEND, on(180));
    await sentLetter(withdrawnLastYear.id, LetterKind.ACKNOWLEDGEMENT, on(182));
    await step(cst, (s, a) => s.cases.withdraw(a, withdrawnLastYear.id, 'The applicant asked to withdraw'));
    log.info({ partnership: code }, 'demo: last financial year seeded');
  }


  const users = await Promise.all(USERS.map(async (u) => ({ email: u.email, roles: u.roles, token: await signToken(secret, u.email, { expiresIn: `${Math.floor(tokenHours * 60)}m` }) })));
  return { users, caseId: sent.id, tokenHours };
}
