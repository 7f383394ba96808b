import { defineErrors } from '../../common/errors';

export const ReviewPromptErrors = defineErrors('REVIEW_PROMPT', {
  NOT_FOUND: ['NOT_FOUND', 'No such prompt'],
  ALREADY_EXPLAINED: ['INVALID_STATE', 'This prompt was already marked explained'],
  IN_FUTURE: ['BAD_USER_INPUT', 'explainedAt must not be in the future'],
  BEFORE_PROMPT: ['BAD_USER_INPUT', 'explainedAt must not be before the prompt was raised'],
});
