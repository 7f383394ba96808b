import { defineErrors } from '../../common/errors';

export const PanelErrors = defineErrors('PANEL', {
  NOT_OF_PARTNERSHIP: [
    'BAD_USER_INPUT',
    "Panel seats go to users of the partnership's agencies; a chair may also be an independent chair registered with the partnership (addIndependentChair)",
  ],
  INDEPENDENT_CHAIR_ONLY_CHAIRS: ['BAD_USER_INPUT', 'An independent chair registered with the partnership may chair its panels, not sit as a member'],
  NOT_A_PANEL_MEMBER: ['BAD_USER_INPUT', 'Every member, chair included, must hold the PANEL_MEMBER role'],
  SECONDARY_NEEDS_INDEPENDENT_CHAIR: ['BAD_USER_INPUT', 'The secondary review is by an independent panel: its chair must be independent'],
  NOT_THE_CHAIR: ['FORBIDDEN', "Only the panel's chair records its outcome"],
  TOO_MANY_MEMBERS: ['BAD_USER_INPUT', 'At most 30 members'],
});
