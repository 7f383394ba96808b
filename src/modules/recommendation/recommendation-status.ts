import { registerEnumType } from 'type-graphql';

export enum RecommendationStatus {
  AWAITING_RESPONSE = 'AWAITING_RESPONSE',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  COMPLETED = 'COMPLETED',
}

registerEnumType(RecommendationStatus, { name: 'RecommendationStatus' });

/** What an addressed agency decides (the duty to have regard): accept, or decline with a good reason. */
export enum RecommendationDecision {
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

registerEnumType(RecommendationDecision, { name: 'RecommendationDecision' });
