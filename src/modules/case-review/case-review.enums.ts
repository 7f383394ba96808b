import { registerEnumType } from 'type-graphql';

export enum CaseStatus {
  RECEIVED = 'RECEIVED',
  THRESHOLD_NOT_MET = 'THRESHOLD_NOT_MET',
  IN_REVIEW = 'IN_REVIEW',
  PANEL_SCHEDULED = 'PANEL_SCHEDULED',
  REVIEWED = 'REVIEWED',
  OUTCOME_SENT = 'OUTCOME_SENT',
  SECONDARY_REVIEW = 'SECONDARY_REVIEW',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  valuesConfig: {
    RECEIVED: { description: 'Application logged; threshold not yet decided.' },
    THRESHOLD_NOT_MET: { description: 'Decided: threshold not met. Terminal unless a secondary review is requested.' },
    IN_REVIEW: { description: 'Threshold met; agencies are being asked for their involvement.' },
    PANEL_SCHEDULED: { description: 'A review panel is appointed and its meeting set.' },
    REVIEWED: { description: 'The panel has recorded its findings and recommendations (the review has been carried out).' },
    OUTCOME_SENT: { description: 'Findings and recommendations have been sent to the applicant.' },
    SECONDARY_REVIEW: { description: 'The applicant asked for an independent secondary review.' },
  },
});

export enum Channel {
  PHONE = 'PHONE',
  POST = 'POST',
  EMAIL = 'EMAIL',
  ONLINE = 'ONLINE',
  IN_PERSON = 'IN_PERSON',
}

registerEnumType(Channel, { name: 'Channel' });

export enum ApplicantRelationship {
  SELF = 'SELF',
  FAMILY_MEMBER = 'FAMILY_MEMBER',
  FRIEND = 'FRIEND',
  CARER = 'CARER',
  COUNCILLOR = 'COUNCILLOR',
  MEMBER_OF_PARLIAMENT = 'MEMBER_OF_PARLIAMENT',
  PROFESSIONAL = 'PROFESSIONAL',
  OTHER = 'OTHER',
}

registerEnumType(ApplicantRelationship, { name: 'ApplicantRelationship' });
