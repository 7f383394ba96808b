import { defineErrors } from '../../common/errors';

export const CaseReviewErrors = defineErrors('CASE', {
  NOT_FOUND: ['NOT_FOUND', 'No such case review'],
  INVALID_STATE: ['INVALID_STATE', 'The case is not in a status that allows this step'],
  VERSION_MISMATCH: ['CONFLICT', 'The case was changed by someone else; reload it and try again'],
  VICTIM_REQUIRED: ['BAD_USER_INPUT', 'An application on someone else\'s behalf needs the victim'],
  VICTIM_IS_APPLICANT: ['BAD_USER_INPUT', 'With relationship SELF the applicant is the victim: leave victim out'],
  IN_FUTURE: ['BAD_USER_INPUT', 'The date is in the future'],
  BEFORE_COMMENCEMENT: ['BAD_USER_INPUT', 'The case review exists since 20 October 2014 (ss.104-105 of the 2014 Act): no application was received before'],
  CONSENT_AFTER_NOW: ['BAD_USER_INPUT', 'Consent must have been given already'],
  ALTERNATIVE_ACTION_REQUIRED: ['BAD_USER_INPUT', 'When the threshold is not met, say what will be done instead'],
  BLANK: ['BAD_USER_INPUT', 'This must not be blank'],
  TOO_LONG: ['BAD_USER_INPUT', 'This is too long'],
  TOO_MANY: ['BAD_USER_INPUT', 'Too many items'],
  INCIDENT_NOT_FOUND: ['NOT_FOUND', 'No such incident'],
  CONSENT_WITHDRAWN: ['INVALID_STATE', 'Consent has been withdrawn: no more records can be shared on this case'],
  CONSENT_ALREADY_WITHDRAWN: ['INVALID_STATE', 'Consent was already withdrawn'],
  CONSENT_AWAITING_CONFIRMATION: [
    'INVALID_STATE',
    'The victim withdrew consent on an earlier case: a second CST officer must confirm consent (confirmConsent) before records are shared',
  ],
  CONSENT_NOT_AWAITING: ['INVALID_STATE', 'Consent on this case does not await confirmation'],
  CONSENT_SECOND_OFFICER: ['FORBIDDEN', 'Consent must be confirmed by a second CST officer, not the one who submitted the application'],
  AUDIT_REFERENCE_ONLY: ['FORBIDDEN', 'Auditors see only the id, reference and status of a case'],
  WITHDRAWN_BEFORE_GIVEN: ['BAD_USER_INPUT', 'Consent cannot be withdrawn before it was given'],
  SECONDARY_ALREADY_REQUESTED: ['INVALID_STATE', 'A secondary review was already requested: it is the last step'],
  BAD_RANGE: ['BAD_USER_INPUT', 'The start is after the end'],
});
