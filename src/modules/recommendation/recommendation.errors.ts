import { defineErrors } from '../../common/errors';

export const RecommendationErrors = defineErrors('RECOMMENDATION', {
  NOT_FOUND: ['NOT_FOUND', 'No such recommendation'],
  AGENCY_NOT_FOUND: ['NOT_FOUND', 'No such agency in this partnership'],
  REASON_REQUIRED: ['BAD_USER_INPUT', 'Declining needs a good reason (the duty to have regard)'],
  ALREADY_COMPLETED: ['INVALID_STATE', 'The recommendation is completed: its decision can no longer change'],
  NOT_ACCEPTED: ['INVALID_STATE', 'Only an accepted recommendation can be completed'],
  TOO_MANY: ['BAD_USER_INPUT', 'At most 50 recommendations'],
});
