import { defineErrors } from '../../common/errors';

export const UserErrors = defineErrors('USER', {
  NOT_FOUND: ['NOT_FOUND', 'No such user'],
  EMAIL_TAKEN: ['BAD_USER_INPUT', 'A user with this email already exists'],
});
