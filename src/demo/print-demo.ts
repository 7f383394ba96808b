import type { DemoUser } from './demo-data';

/** Tells a newcomer, on the console, who they can be and what to ask first. */
export function printDemo(demo: { users: DemoUser[]; caseId: string; tokenHours: number }, port: number): void {
  const lines = [
    '',
    'Demo data: the fictional Medway CSP, its agencies, one user of every role and a case in every status.',
    `Tokens (${demo.tokenHours} hours; \`npm run token -- <email>\` makes more):`,
    ...demo.users.map((u) => `  ${u.roles.join(',').padEnd(14)} ${u.email.padEnd(32)} ${u.token}`),
    '',
    'Try the full history of a reviewed case as the CST officer:',
    `  curl -s http://localhost:${port}/graphql -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer ${demo.users.find((u) => u.email.startsWith('cst@'))?.token}" \\`,
    `    -d '{"query":"{ caseReview(id: \\"${demo.caseId}\\") { reference status responseDueOn victim { name } incidents { reference category agency { code } } thresholdSuggestion { met qualifyingReports } recommendations { text status agency { code } } events { at type note } } }"}'`,
    '',
    'The panel pack of that case (chronology across agencies, timeline picture, risk assessment), as its panel chair:',
    `  curl -s -H "authorization: Bearer ${demo.users.find((u) => u.email.startsWith('chair@'))?.token}" \\`,
    `    http://localhost:${port}/documents/cases/${demo.caseId}/pack.html -o panel-pack.html   # or pack.pdf -o panel-pack.pdf`,
    '',
    'The police contributor has open prompts to explain the case review at a repeat report:',
    `  curl -s http://localhost:${port}/graphql -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer ${demo.users.find((u) => u.email.startsWith('police.records@'))?.token}" \\`,
    `    -d '{"query":"{ reviewPrompts { id kind incident { reference } howToApply } }"}'`,
    '',
    'The outcome letter of that case, as PDF (every letter is also CaseReview.letter(kind) in GraphQL):',
    `  curl -s -o outcome-letter.pdf -H "authorization: Bearer ${demo.users.find((u) => u.email.startsWith('cst@'))?.token}" \\`,
    `    http://localhost:${port}/documents/cases/${demo.caseId}/letters/OUTCOME.pdf`,
    '',
    `The public application form: http://localhost:${port}/partnerships/DEMO-MEDWAY/apply`,
    `The published figures, two years of them: http://localhost:${port}/partnerships/DEMO-MEDWAY/figures (also return.csv and return.json)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
