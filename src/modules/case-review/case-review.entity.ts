import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Partnership } from '../partnership/partnership.entity';
import { PersonRecord } from '../person/person.entity';
import { User } from '../user/user.entity';
import { ApplicantRelationship, CaseStatus, Channel } from './case-review.enums';

/** What the applicant told the CST about one incident they reported. */
export type ReportedIncidentData = {
  occurredOn: string;
  reportedToName: string | null;
  reportedToOrganisation: string;
  reportedToReference: string | null;
  details: string | null;
};

/** An ASB case review: one application and everything done about it. */
@Entity('case_review')
@Unique('case_review_number', ['partnershipId', 'receivedYear', 'sequence'])
@Index('case_review_partnership_received', ['partnershipId', 'receivedAt', 'id'])
// A partnership's case list, HIGH risk first then newest (CaseReviewViews.list): read in that order, stopping after the page.
@Index('case_review_partnership_risk_received', ['partnershipId', 'riskHigh', 'receivedAt', 'id'])
// Row-level security finds the cases a person is the victim or applicant of, for every person row read.
@Index('case_review_victim', ['victimId'])
@Index('case_review_applicant', ['applicantId'])
export class CaseReviewRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'RESTRICT' })
  @JoinColumn()
  partnership?: Partnership;

  /** PARTNERSHIPCODE-YYYY-NNNN. */
  @Column({ type: 'text', unique: true })
  reference: string;

  /** Europe/London year of receipt, and the gap-free number within it. */
  @Column('int')
  receivedYear: number;

  @Column('int')
  sequence: number;

  @Column({ type: 'enum', enum: CaseStatus, enumName: 'case_status', default: CaseStatus.RECEIVED })
  status: CaseStatus;

  @Column('timestamptz')
  receivedAt: Date;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel' })
  channel: Channel;

  @Column('uuid')
  applicantId: string;

  @ManyToOne(() => PersonRecord, { onDelete: 'RESTRICT' })
  @JoinColumn()
  applicant?: PersonRecord;

  @Column({ type: 'enum', enum: ApplicantRelationship, enumName: 'applicant_relationship' })
  relationship: ApplicantRelationship;

  @Column('uuid')
  victimId: string;

  @ManyToOne(() => PersonRecord, { onDelete: 'RESTRICT' })
  @JoinColumn()
  victim?: PersonRecord;

  @Column('timestamptz')
  consentGivenAt: Date;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel' })
  consentChannel: Channel;

  @Column({ type: 'timestamptz', nullable: true })
  consentWithdrawnAt: Date | null;

  /**
   * Set when the victim had withdrawn consent on an earlier case of the
   * partnership: until a second CST officer confirms, consent is not active.
   */
  @Column({ type: 'boolean', default: false })
  consentAwaitingConfirmation: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  consentConfirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  consentConfirmedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  consentConfirmedBy?: User;

  @Column('jsonb')
  reportedIncidents: ReportedIncidentData[];

  @Column({ type: 'boolean', nullable: true })
  thresholdMet: boolean | null;

  @Column({ type: 'text', nullable: true })
  thresholdReason: string | null;

  @Column({ type: 'text', nullable: true })
  thresholdAlternativeAction: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  thresholdDecidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  thresholdDecidedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  thresholdDecidedBy?: User;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeSentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  secondaryReviewRequestedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  secondaryReviewReason: string | null;

  /**
   * The case's latest risk assessment was HIGH, and the date it must be assessed
   * again (null for STANDARD or none). The risk-assessment step keeps them (its
   * versions are its own table): case lists put HIGH cases first and find late
   * reassessments from the case row, without reading every assessment.
   */
  @Column({ type: 'boolean', default: false })
  riskHigh: boolean;

  @Column({ type: 'date', nullable: true })
  riskReviewDueOn: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The last case number given per partnership and year: the row lock makes numbers gap-free under concurrency. */
@Entity('case_reference_counter')
export class CaseReferenceCounter {
  @Column({ type: 'uuid', primary: true })
  partnershipId: string;

  @Column({ type: 'int', primary: true })
  year: number;

  @Column('int')
  lastSequence: number;
}
