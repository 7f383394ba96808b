import { defineErrors } from '../../common/errors';

export const PanelErrors = defineErrors('PANEL', {
  USER_NOT_FOUND: ['NOT_FOUND', 'No such user'],
  NOT_A_PANEL_MEMBER: ['BAD_USER_INPUT', 'Every member, chair included, must hold the PANEL_MEMBER role'],
  SECONDARY_NEEDS_INDEPENDENT_CHAIR: ['BAD_USER_INPUT', 'The secondary review is by an independent panel: its chair must be independent'],
  NOT_THE_CHAIR: ['FORBIDDEN', "Only the panel's chair records its outcome"],
  TOO_MANY_MEMBERS: ['BAD_USER_INPUT', 'At most 30 members'],
});
