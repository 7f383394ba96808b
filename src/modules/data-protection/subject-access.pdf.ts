import { taggedPdf } from '../../common/pdf';
import type { ExportedPerson, SubjectAccessDocument } from './subject-access.document';

/*
 * Rendering only: the document's content was read, and logged, by
 * subject-access.document.ts. Laid out as a tagged A4 PDF (src/common/pdf.ts)
 * in plain text, headings and paragraphs marked for screen readers: what a
 * data protection officer sends to the person who asked.
 */

const MARGIN = 56;
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const day = (d: Date) => LONDON.format(d);
const moment = (d: Date) => LONDON_TIME.format(d);
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');

const BASIS_WORDS: Record<string, string> = {
  CONSENT: 'consent',
  ASB_ACT_SCHEDULE_4: 'ASB Act 2014 Sch. 4',
  CRIME_AND_DISORDER_ACT_S115: 'Crime and Disorder Act 1998 s.115',
  OWN_RECORD: 'own record',
  LEGAL_OBLIGATION: 'data protection law',
  NOT_RECORDED: 'not recorded',
};

/** A line: a bold label and its value, or plain text. */
type Line = [label: string, value: string | null] | string;

export function renderSubjectAccessPdf(doc: SubjectAccessDocument): Promise<Buffer> {
  // No personal data in the metadata.
  const { doc: pdf, done } = taggedPdf({ Title: 'Subject access export', Author: 'ASB Case Review Hub', Subject: 'Personal data held by the hub' }, MARGIN);
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const block = (type: 'H1' | 'H2' | 'H3' | 'P', lines: Line[], after = 0.3) => {
    root.add(
      pdf.struct(type, {}, () => {
        const size = { H1: 18, H2: 13, H3: 10.5, P: 9.5 }[type];
        for (const line of lines) {
          if (typeof line === 'string') pdf.font(type === 'P' ? 'regular' : 'bold').fontSize(size).fillColor('#1a1a1a').text(line, { lineGap: 1 });
          else pdf.font('bold').fontSize(size).fillColor('#1a1a1a').text(`${line[0]}: `, { continued: true, lineGap: 1 }).font('regular').text(line[1] ?? '—');
        }
      }),
    );
    pdf.moveDown(after);
  };
  const person = (p: ExportedPerson) => {
    block('H3', [p.heading], 0.05);
    block('P', p.fields);
  };

  block('H1', ['Subject access export'], 0.2);
  block('P', [
    `What the ASB Case Review Hub holds about one person, as of ${day(doc.generatedAt)}. Prepared by ${doc.officer}.`,
    "Other people's details are withheld. Dates and times are UK time.",
  ], 0.8);

  block('H2', [`Person records (${doc.records.length})`], 0.1);
  block('P', ["The person's records at the agencies of the partnership: the same name, and the same date of birth or postcode."]);
  doc.records.forEach(person);

  block('H2', [`Incidents reported (${doc.incidents.length})`], 0.1);
  if (doc.incidents.length === 0) block('P', ['No incidents.']);
  for (const i of doc.incidents) {
    block('H3', [`${i.agency} ${i.reference}: ${words(i.category)}`], 0.05);
    block('P', [
      ['Happened', day(i.occurredAt)],
      ['Reported', day(i.reportedAt)],
      ['Where', i.location],
      ['What was reported', i.summary],
      ...i.earlier.map((e): Line => [`Version ${e.version}, replaced ${day(e.supersededAt)}`, `${e.summary} Where: ${e.location ?? '—'}. Reported by: ${e.reporter}`]),
    ]);
  }

  block('H2', [`Case reviews (${doc.cases.length})`], 0.1);
  if (doc.cases.length === 0) block('P', ['No case reviews.']);
  for (const c of doc.cases) {
    block('H3', [`${c.reference} (${words(c.status)})`], 0.05);
    block('P', [
      ['The person is the', c.roles.join(' and ') || '—'],
      ['Received', `${day(c.receivedAt)}, by ${words(c.channel)}; applicant: ${words(c.relationship)}`],
      ['Consent to share', c.consent],
    ]);
    c.people.forEach(person);
    block('P', [
      ...c.account.map((a): Line => [`Reported to ${a.to} (${a.occurredOn})`, a.details]),
      ['Threshold decision', c.decision],
      ...(c.linkedIncidents.length > 0 ? [['Their incidents linked', c.linkedIncidents.join(', ')] as Line] : []),
      ...c.answers.map((a): Line => [`${a.agency} was asked`, `${a.question} Answer: ${a.answer ?? 'not yet'}`]),
      ...(c.findings ? [['Panel findings', c.findings] as Line] : []),
      ...c.recommendations.map((r): Line => [`Recommendation to ${r.agency}`, `${r.text} (${words(r.status)})`]),
      ...(c.statement ? [['Their statement for the panel', c.statement] as Line] : []),
      ...c.risk.map((r): Line => [`Risk assessed ${day(r.assessedAt)}`, `${words(r.level)}, score ${r.score}. Answered yes: ${r.yes.join(' ') || 'none'}`]),
      ...c.contacts.map((k): Line => [`${moment(k.at)}, ${words(k.direction)} by ${words(k.channel)}`, k.summary]),
    ]);
    if (c.events.length > 0) {
      block('H3', ['What happened'], 0.05);
      block('P', c.events.map((e) => `${moment(e.at)}  ${words(e.type)}${e.note ? `: ${e.note}` : ''}`), 0.6);
    }
  }

  block('H2', [`Who saw or changed this data (${doc.disclosures.length})`], 0.1);
  block('P', ["Every time the person's data was shown or changed: who, when, through which case, and the lawful basis."]);
  block(
    'P',
    doc.disclosures.length === 0
      ? ['No entries.']
      : doc.disclosures.map(
          (d) => `${moment(d.at)}  ${d.who}: ${d.action === 'READ' ? 'saw' : 'changed'} ${d.entity}${d.caseReference ? ` (case ${d.caseReference})` : ''}; basis: ${BASIS_WORDS[d.basis] ?? d.basis}`,
        ),
  );
  pdf.end();
  return done;
}
