import { defineErrors } from '../../common/errors';

export const AgencyErrors = defineErrors('AGENCY', {
  NOT_FOUND: ['NOT_FOUND', 'No such agency'],
  CODE_TAKEN: ['BAD_USER_INPUT', 'An agency with this code already exists'],
});
