import { defineErrors } from '../../common/errors';

export const InformationRequestErrors = defineErrors('INFORMATION_REQUEST', {
  NOT_FOUND: ['NOT_FOUND', 'No such information request'],
  AGENCY_NOT_FOUND: ['NOT_FOUND', 'No such agency in this partnership'],
  ALREADY_ANSWERED: ['INVALID_STATE', 'This request has been answered already'],
  DUE_IN_PAST: ['BAD_USER_INPUT', 'The due date is in the past'],
  TOO_MANY_ACTIONS: ['BAD_USER_INPUT', 'At most 50 actions'],
  TOO_MANY_REQUESTS: ['INVALID_STATE', 'A case holds at most 100 information requests'],
});
