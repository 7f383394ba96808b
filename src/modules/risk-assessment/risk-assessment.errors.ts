import { defineErrors } from '../../common/errors';

export const RiskAssessmentErrors = defineErrors('RISK', {
  CASE_NOT_FOUND: ['NOT_FOUND', 'No such case review'],
  UNKNOWN_QUESTION: ['BAD_USER_INPUT', "Not a question of this partnership's risk assessment"],
  ANSWERED_TWICE: ['BAD_USER_INPUT', 'This question is answered twice'],
  UNANSWERED: ['BAD_USER_INPUT', 'Answer every question of the risk assessment'],
  TOO_MANY_ANSWERS: ['BAD_USER_INPUT', 'More answers than the risk assessment has questions'],
  NO_SCHEME: ['INVALID_STATE', 'The partnership has no risk assessment scheme'],
});
