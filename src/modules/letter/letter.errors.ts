import { defineErrors } from '../../common/errors';

export const LetterErrors = defineErrors('LETTER', {
  CST_ONLY: ['FORBIDDEN', "Letters are drafted by the partnership's Community Safety Team"],
  NOT_AVAILABLE: ['INVALID_STATE', 'The case has nothing for this letter yet'],
  BAD_KIND: ['BAD_USER_INPUT', 'Not a kind of letter'],
  BAD_TEMPLATE: ['BAD_USER_INPUT', 'The template cannot be used'],
  BAD_LETTERHEAD: ['BAD_USER_INPUT', 'The letterhead must say something, in at most 1000 characters'],
});
