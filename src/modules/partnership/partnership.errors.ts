import { defineErrors } from '../../common/errors';

export const PartnershipErrors = defineErrors('PARTNERSHIP', {
  NOT_FOUND: ['NOT_FOUND', 'No such partnership'],
  CODE_TAKEN: ['BAD_USER_INPUT', 'A partnership with this code already exists'],
  BAD_HOW_TO_APPLY: ['BAD_USER_INPUT', 'The text on how to apply must say something, in at most 2000 characters'],
  NO_RULES: ['BAD_USER_INPUT', 'A partnership needs at least one threshold rule'],
  USER_NOT_FOUND: ['NOT_FOUND', 'No such user'],
  CHAIR_NOT_PANEL_MEMBER: ['BAD_USER_INPUT', 'An independent chair must hold the PANEL_MEMBER role'],
  TIMESCALES_OUT_OF_ORDER: ['BAD_USER_INPUT', 'Each step\'s target must be no earlier than the one before it (acknowledge, threshold decision, panel, outcome)'],
  TOO_MANY_AGENCIES: ['INVALID_STATE', 'A partnership holds at most 40 agencies'],
});
