import PDFDocument from 'pdfkit';
import type { ExportedPerson, SubjectAccessDocument } from './subject-access.document';

/*
 * Rendering only: the document's content was read, and logged, by
 * subject-access.document.ts. pdfkit (a maintained PDF writer with the standard
 * fonts built in) lays it out as a tagged, titled A4 PDF in plain text: what a
 * data protection officer sends to the person who asked.
 */

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

export function renderSubjectAccessPdf(doc: SubjectAccessDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'en-GB',
    tagged: true,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: 'Subject access export', Author: 'ASB Case Review Hub', Subject: 'Personal data held by the hub' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const heading = (text: string, size = 14) => pdf.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('#000').text(text).moveDown(0.3);
  const para = (text: string) => pdf.font('Helvetica').fontSize(10).fillColor('#000').text(text, { paragraphGap: 2 });
  const field = (label: string, value: string | null) =>
    pdf.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true }).font('Helvetica').text(value ?? '—');
  const none = (what: string) => pdf.font('Helvetica-Oblique').fontSize(10).text(`No ${what}.`).font('Helvetica');
  const person = (p: ExportedPerson) => {
    pdf.font('Helvetica-Bold').fontSize(11).text(p.heading).moveDown(0.1);
    for (const [label, value] of p.fields) field(label, value);
    pdf.moveDown(0.4);
  };

  pdf.font('Helvetica-Bold').fontSize(20).text('Subject access export');
  para(`What the ASB Case Review Hub holds about one person, as of ${day(doc.generatedAt)}. Prepared by ${doc.officer}.`);
  para('Other people\'s details are withheld. Dates and times are UK time.');

  heading(`Person records (${doc.records.length})`);
  para('The person\'s records at the agencies of the partnership: the same name, and the same date of birth or postcode.');
  pdf.moveDown(0.3);
  doc.records.forEach(person);

  heading(`Incidents reported (${doc.incidents.length})`);
  if (doc.incidents.length === 0) none('incidents');
  for (const i of doc.incidents) {
    pdf.font('Helvetica-Bold').fontSize(11).text(`${i.agency} ${i.reference}: ${words(i.category)}`);
    field('Happened', day(i.occurredAt));
    field('Reported', day(i.reportedAt));
    field('Where', i.location);
    field('What was reported', i.summary);
    for (const e of i.earlier) {
      field(`Version ${e.version}, replaced ${day(e.supersededAt)}`, `${e.summary} Where: ${e.location ?? '—'}. Reported by: ${e.reporter}`);
    }
    pdf.moveDown(0.4);
  }

  heading(`Case reviews (${doc.cases.length})`);
  if (doc.cases.length === 0) none('case reviews');
  for (const c of doc.cases) {
    pdf.font('Helvetica-Bold').fontSize(12).text(`${c.reference} (${words(c.status)})`);
    field('The person is the', c.roles.join(' and ') || '—');
    field('Received', `${day(c.receivedAt)}, by ${words(c.channel)}; applicant: ${words(c.relationship)}`);
    field('Consent to share', c.consent);
    pdf.moveDown(0.2);
    c.people.forEach(person);
    if (c.account.length > 0) {
      pdf.font('Helvetica-Bold').fontSize(10).text('Incidents the applicant reported');
      for (const a of c.account) para(`${a.occurredOn}, reported to ${a.to}: ${a.details ?? '—'}`);
    }
    field('Threshold decision', c.decision);
    if (c.linkedIncidents.length > 0) field('Their incidents linked', c.linkedIncidents.join(', '));
    for (const a of c.answers) field(`${a.agency} was asked`, `${a.question} Answer: ${a.answer ?? 'not yet'}`);
    if (c.findings) field('Panel findings', c.findings);
    for (const r of c.recommendations) field(`Recommendation to ${r.agency}`, `${r.text} (${words(r.status)})`);
    if (c.statement) field('Their statement for the panel', c.statement);
    for (const k of c.contacts) field(`${moment(k.at)}, ${words(k.direction)} by ${words(k.channel)}`, k.summary);
    if (c.events.length > 0) {
      pdf.font('Helvetica-Bold').fontSize(10).text('What happened');
      for (const e of c.events) para(`${moment(e.at)}  ${words(e.type)}${e.note ? `: ${e.note}` : ''}`);
    }
    pdf.moveDown(0.6);
  }

  heading(`Who saw or changed this data (${doc.disclosures.length})`);
  para('Every time the person\'s data was shown or changed: who, when, through which case, and the lawful basis.');
  pdf.moveDown(0.3);
  if (doc.disclosures.length === 0) none('entries');
  for (const d of doc.disclosures) {
    para(`${moment(d.at)}  ${d.who}: ${d.action === 'READ' ? 'saw' : 'changed'} ${d.entity}${d.caseReference ? ` (case ${d.caseReference})` : ''}; basis: ${BASIS_WORDS[d.basis] ?? d.basis}`);
  }

  pdf.end();
  return done;
}
