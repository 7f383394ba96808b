import { defineErrors } from '../../common/errors';

export const DataProtectionErrors = defineErrors('DATA_PROTECTION', {
  PERSON_NOT_FOUND: ['NOT_FOUND', 'No such person within your reach'],
  PARTNERSHIP_NOT_FOUND: ['NOT_FOUND', 'No such partnership'],
  BAD_YEARS: ['BAD_USER_INPUT', 'Years must be a whole number from 1 to 100'],
  REASON_REQUIRED: ['BAD_USER_INPUT', 'Say why the person is erased (the erasure request)'],
  REASON_TOO_LONG: ['BAD_USER_INPUT', 'At most 2000 characters'],
  BAD_CURSOR: ['BAD_USER_INPUT', 'Not an id this list gave out'],
});
