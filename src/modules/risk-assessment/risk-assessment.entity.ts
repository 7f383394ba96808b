import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { User } from '../user/user.entity';
import { RiskLevel } from './risk-level';

/** One answer as it was given, with the question's wording and the points it added (0 for "no"). */
export type RiskAnswerData = { questionId: string; question: string; answer: boolean; score: number };

/**
 * One version of a case's risk assessment. Versions are never changed: a
 * reassessment is a new row, and the highest version is the case's.
 */
@Entity('risk_assessment')
@Unique('risk_assessment_case_version', ['caseId', 'version'])
@Index(['agencyId'])
export class RiskAssessmentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  /** 1 for the first assessment of the case, then +1 per reassessment. */
  @Column('int')
  version: number;

  @Column({ type: 'enum', enum: RiskLevel, enumName: 'risk_level' })
  level: RiskLevel;

  @Column('int')
  score: number;

  @Column('jsonb')
  answers: RiskAnswerData[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  assessedAt: Date;

  @Column('uuid')
  assessedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  assessedBy?: User;

  /** The assessor's agency: its own records are never redacted for it (the answers are personal data it holds). */
  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  /** When it must be assessed again; null for STANDARD. */
  @Column({ type: 'date', nullable: true })
  reviewDueOn: string | null;
}
