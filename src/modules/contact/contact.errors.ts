import { defineErrors } from '../../common/errors';

export const ContactErrors = defineErrors('CONTACT', {
  IN_FUTURE: ['BAD_USER_INPUT', 'The contact cannot be in the future'],
  BEFORE_APPLICATION: ['BAD_USER_INPUT', 'The contact cannot be before the application was received'],
  LETTER_NOT_OUTGOING: ['BAD_USER_INPUT', 'A letter is sent to the applicant or the victim: use TO_APPLICANT or TO_VICTIM'],
});
