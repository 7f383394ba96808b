import { registerEnumType } from 'type-graphql';

export enum ContactDirection {
  TO_APPLICANT = 'TO_APPLICANT',
  FROM_APPLICANT = 'FROM_APPLICANT',
  TO_VICTIM = 'TO_VICTIM',
  FROM_VICTIM = 'FROM_VICTIM',
}

registerEnumType(ContactDirection, { name: 'ContactDirection' });

/** Contacts that tell the applicant or the victim something: what an update at the victim's chosen frequency is. */
export const OUTGOING: readonly ContactDirection[] = [ContactDirection.TO_APPLICANT, ContactDirection.TO_VICTIM];
