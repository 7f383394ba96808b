import { defineErrors } from '../../common/errors';

export const InvolvementErrors = defineErrors('INVOLVEMENT', {
  NOT_INVITED_REASON_REQUIRED: ['BAD_USER_INPUT', 'When the victim is not invited to the panel, give the reason (they are told it in writing)'],
  REASON_ONLY_WHEN_NOT_INVITED: ['BAD_USER_INPUT', 'A reason for not inviting the victim goes with attendance NOT_INVITED only'],
  ATTENDANCE_AGAINST_WISH: ['BAD_USER_INPUT', 'The attendance contradicts wantsToAttendPanel: update both together'],
});
