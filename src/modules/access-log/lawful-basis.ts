import { registerEnumType } from 'type-graphql';

/**
 * The ground on which personal data left the hub, or a record was written
 * (DOMAIN.md, "Data protection"). Decided by the policy that allows the
 * disclosure, carried on the access-log entry and covered by its hash.
 */
export enum LawfulBasis {
  CONSENT = 'CONSENT',
  ASB_ACT_SCHEDULE_4 = 'ASB_ACT_SCHEDULE_4',
  CRIME_AND_DISORDER_ACT_S115 = 'CRIME_AND_DISORDER_ACT_S115',
  OWN_RECORD = 'OWN_RECORD',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  NOT_RECORDED = 'NOT_RECORDED',
}

/** The bases an entry written today may carry (NOT_RECORDED marks only entries older than the column). */
export type RecordedBasis = Exclude<LawfulBasis, LawfulBasis.NOT_RECORDED>;

registerEnumType(LawfulBasis, {
  name: 'LawfulBasis',
  valuesConfig: {
    CONSENT: { description: "The victim's consent to sharing for the case review." },
    ASB_ACT_SCHEDULE_4: { description: 'ASB, Crime and Policing Act 2014, Schedule 4 para 7: information requested for a case review.' },
    CRIME_AND_DISORDER_ACT_S115: { description: 'Crime and Disorder Act 1998, s.115.' },
    OWN_RECORD: { description: "The owning agency's own record." },
    LEGAL_OBLIGATION: {
      description:
        "UK GDPR Art. 6(1)(c): the controller's duties under data protection law itself. A data protection officer's subject access export (Art. 15) and erasure (Art. 17), and erasure past retention (Art. 5(1)(e)).",
    },
    NOT_RECORDED: { description: 'Written before the hub recorded a basis on each entry: its hash covers no basis.' },
  },
});
