import { defineErrors } from '../../common/errors';

export const UserErrors = defineErrors('USER', {
  NOT_FOUND: ['NOT_FOUND', 'No such user'],
  EMAIL_TAKEN: ['BAD_USER_INPUT', 'A user with this email already exists'],
  ROLE_NOT_FOR_AGENCY: ['BAD_USER_INPUT', "OVERSIGHT is for users of a policing body (a police and crime commissioner's office)"],
});
