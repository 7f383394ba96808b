import { registerEnumType } from 'type-graphql';

export enum Milestone {
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  THRESHOLD_DECISION = 'THRESHOLD_DECISION',
  PANEL = 'PANEL',
  OUTCOME = 'OUTCOME',
  SECONDARY_REVIEW_OUTCOME = 'SECONDARY_REVIEW_OUTCOME',
}

registerEnumType(Milestone, {
  name: 'Milestone',
  valuesConfig: {
    ACKNOWLEDGEMENT: { description: 'Met by the acknowledgement letter recorded as a contact.' },
    THRESHOLD_DECISION: { description: 'Met by decideThreshold.' },
    PANEL: { description: 'Met when the panel records its findings (its reviewedAt). Not listed once the threshold is not met.' },
    OUTCOME: { description: 'Met by markOutcomeSent or the OUTCOME letter recorded as a contact. Not listed once the threshold is not met.' },
    SECONDARY_REVIEW_OUTCOME: { description: "Met by the secondary review's markOutcomeSent or its letter recorded as a contact; listed once requested." },
  },
});
