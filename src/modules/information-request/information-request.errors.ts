import { defineErrors } from '../../common/errors';

export const InformationRequestErrors = defineErrors('INFORMATION_REQUEST', {
  NOT_FOUND: ['NOT_FOUND', 'No such information request'],
  AGENCY_NOT_FOUND: ['NOT_FOUND', 'No such agency in this partnership'],
  ALREADY_ANSWERED: ['INVALID_STATE', 'This request has been answered already'],
  DUE_IN_PAST: ['BAD_USER_INPUT', 'The due date is in the past'],
  TOO_MANY_ACTIONS: ['BAD_USER_INPUT', 'At most 50 actions'],
  TOO_MANY_INCIDENTS: ['BAD_USER_INPUT', 'At most 200 incidents per answer'],
  INCIDENT_NOT_FOUND: ['NOT_FOUND', "No such incident among your agency's records"],
  CONSENT_NOT_ACTIVE: ['INVALID_STATE', "The victim's consent is not active on this case: no records can be attached"],
  CASE_NOT_LINKING: ['INVALID_STATE', 'Records can be attached only while the case takes links (RECEIVED, IN_REVIEW, SECONDARY_REVIEW)'],
  TOO_MANY_REQUESTS: ['INVALID_STATE', 'A case holds at most 100 information requests'],
});
