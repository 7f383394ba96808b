import { defineErrors } from '../../common/errors';

export const IncidentErrors = defineErrors('INCIDENT', {
  NOT_FOUND: ['NOT_FOUND', 'No such incident'],
  BATCH_TOO_LARGE: ['BAD_USER_INPUT', 'At most 1000 incidents per call'],
  EMPTY_REFERENCE: ['BAD_USER_INPUT', 'The reference must not be empty'],
  DUPLICATE_REFERENCE: ['BAD_USER_INPUT', 'This reference appears twice in the batch'],
  IN_FUTURE: ['BAD_USER_INPUT', 'The date is in the future'],
  REPORTED_BEFORE_OCCURRED: ['BAD_USER_INPUT', 'reportedAt is before occurredAt'],
  BAD_DATE_OF_BIRTH: ['BAD_USER_INPUT', 'The date of birth is not a past date'],
  BAD_FILTER: ['BAD_USER_INPUT', 'reportedFrom is after reportedTo'],
});
