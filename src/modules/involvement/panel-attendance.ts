import { registerEnumType } from 'type-graphql';

export enum PanelAttendance {
  IN_PERSON = 'IN_PERSON',
  ONLINE = 'ONLINE',
  STATEMENT_ONLY = 'STATEMENT_ONLY',
  DECLINED = 'DECLINED',
  NOT_INVITED = 'NOT_INVITED',
}

registerEnumType(PanelAttendance, {
  name: 'PanelAttendance',
  valuesConfig: {
    STATEMENT_ONLY: { description: 'The victim sends a statement to the panel and does not attend.' },
    DECLINED: { description: 'The victim was invited and chose not to take part.' },
    NOT_INVITED: { description: 'The victim was not invited; notInvitedReason says why (the victim is told in writing).' },
  },
});

/** Attendance that means the victim is at the panel. */
export const ATTENDS: readonly PanelAttendance[] = [PanelAttendance.IN_PERSON, PanelAttendance.ONLINE];
