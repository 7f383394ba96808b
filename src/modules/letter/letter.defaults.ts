import { LetterKind } from './letter-kind';

/*
 * The hub's wording of each letter, used until a partnership writes its own
 * (setLetterTemplate). Plain language, short sentences, what happens next and by
 * when, in the tone of the published procedures. Mustache placeholders: see
 * letter.template.ts for the ones each kind may use.
 */

/** The line under "Dear ...": what the letter is about. */
export const LETTER_TITLES: Record<LetterKind, string> = {
  ACKNOWLEDGEMENT: 'Your application for an ASB case review',
  THRESHOLD_MET: 'Your ASB case review: the threshold is met',
  THRESHOLD_NOT_MET: 'Your ASB case review: the threshold is not met',
  DELAY: 'Your ASB case review: a delay',
  OUTCOME: 'Your ASB case review: the findings and recommendations',
  SECONDARY_REVIEW_OUTCOME: 'Your secondary review: the findings and recommendations',
  CLOSURE: 'Your ASB case review is closed',
};

const REPORTS = `The reports we looked at:
{{#reports}}
- {{date}}: {{category}}
{{/reports}}
{{^reports}}
- The agencies found no reports that they could link to your application.
{{/reports}}`;

const RECOMMENDATIONS = `The panel's recommendations:
{{#recommendations}}
- To {{agency}}: {{text}}{{#dueOn}} (by {{dueOn}}){{/dueOn}}
{{/recommendations}}
{{^recommendations}}
- The panel made no recommendations.
{{/recommendations}}`;

export const DEFAULT_TEMPLATES: Record<LetterKind, string> = {
  ACKNOWLEDGEMENT: `Thank you for your application for an anti-social behaviour (ASB) case review. We received it on {{receivedOn}}. Your reference is {{reference}}: please quote it when you contact us.

I am your single point of contact for the review. If anything changes, or you have a question, please get in touch with me.

What happens next:
- We will ask the agencies about the reports you have made. By {{thresholdDecisionDueOn}} we will decide whether the threshold for a case review is met, and write to tell you.
- If it is met, a panel of senior staff from the agencies will look at what was done. We will write to you with its findings and recommendations by {{outcomeDueOn}}.
- If anything delays the review, we will tell you why, and when you will hear from us.

Please tell us how you would like to take part: you can attend the panel in person or online, or send a written statement. Tell us too how often you would like us to update you.

A case review is not a way to report a crime, and it does not replace an agency's complaints procedure. If you are in danger, call 999.`,

  THRESHOLD_MET: `We have looked at your application and at the reports the agencies hold. The threshold for an ASB case review is met.

${REPORTS}

Our reason: {{decisionReason}}

What happens next: we are asking each agency what it did about the anti-social behaviour. A panel of senior staff from the agencies will then review your case. We will write to you with the panel's findings and recommendations by {{outcomeDueOn}}.

You can tell the panel about your experience, in person, online or in writing. Please let me know what you would prefer.`,

  THRESHOLD_NOT_MET: `We have looked at your application and at the reports the agencies hold. The threshold for an ASB case review is not met.

${REPORTS}

Our reason: {{decisionReason}}

What we will do instead: {{alternativeAction}}

If you are unhappy with how we handled your application, you can ask for a secondary review by an independent panel. Please contact me, quoting your reference {{reference}}.

If the anti-social behaviour goes on, please keep reporting it to the police or your landlord.`,

  DELAY: `I am sorry to tell you that your case review is taking longer than we said. We aimed to write to you with the outcome by {{outcomeDueOn}}.

The reason for the delay: {{delayReason}}

We will keep you updated, and write to you with the findings and recommendations as soon as the review is finished.`,

  OUTCOME: `The case review panel has met and looked at how the agencies responded to the anti-social behaviour you reported. This letter tells you what it found and what it recommends.

The panel's findings:
{{findings}}

${RECOMMENDATIONS}

Each agency must consider the recommendations made to it and tell us whether it accepts them. We will keep you updated on their progress.

If you are unhappy with how your case review was carried out, you can ask for a secondary review by an independent panel. Please contact me, quoting your reference {{reference}}.`,

  SECONDARY_REVIEW_OUTCOME: `An independent panel has carried out the secondary review you asked for. This letter tells you what it found and what it recommends. The secondary review is the last step of the case review process.

The panel's findings:
{{findings}}

${RECOMMENDATIONS}

Each agency must consider the recommendations made to it and tell us whether it accepts them. We will keep you updated on their progress.`,

  CLOSURE: `We have closed your ASB case review (reference {{reference}}) on {{closedOn}}.

The reason: {{closureReason}}

If the anti-social behaviour goes on, please keep reporting it to the police or your landlord. You can apply for a case review again if it continues.`,
};

/** Until a partnership sets its letterhead: its name, the team, and where to find it on the hub. */
export function defaultLetterhead(leadAgencyName: string): string {
  return `Community Safety Team\n${leadAgencyName}`;
}
