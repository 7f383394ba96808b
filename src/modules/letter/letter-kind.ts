import { registerEnumType } from 'type-graphql';

/** The letters the hub drafts to the applicant, one per step of the procedure that the applicant is told of. */
export enum LetterKind {
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  THRESHOLD_MET = 'THRESHOLD_MET',
  THRESHOLD_NOT_MET = 'THRESHOLD_NOT_MET',
  DELAY = 'DELAY',
  OUTCOME = 'OUTCOME',
  SECONDARY_REVIEW_OUTCOME = 'SECONDARY_REVIEW_OUTCOME',
  CLOSURE = 'CLOSURE',
}

registerEnumType(LetterKind, {
  name: 'LetterKind',
  valuesConfig: {
    ACKNOWLEDGEMENT: { description: 'The application was received; who the single point of contact is; what happens next and by when.' },
    THRESHOLD_MET: { description: 'The threshold is met: the reports looked at, the reason, what happens next.' },
    THRESHOLD_NOT_MET: { description: 'The threshold is not met: the reason and what will be done instead.' },
    DELAY: { description: 'The outcome will be late, and why.' },
    OUTCOME: { description: "The panel's findings and recommendations." },
    SECONDARY_REVIEW_OUTCOME: { description: "The independent secondary review's findings and recommendations." },
    CLOSURE: { description: 'The case is closed (or withdrawn), and why.' },
  },
});
