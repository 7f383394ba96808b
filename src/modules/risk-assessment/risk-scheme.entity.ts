import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Partnership } from '../partnership/partnership.entity';

/** One question of a partnership's risk assessment, as kept in its scheme. */
export type RiskQuestionData = {
  /** Stable short id the answers name (e.g. `violence`). */
  id: string;
  question: string;
  /** Points a "yes" adds to the score. */
  score: number;
  /** A "yes" makes the level HIGH whatever the score (violence, self-harm). */
  forcesHigh: boolean;
};

/**
 * A partnership's risk assessment: its questions, their scores, where the
 * levels start and how soon each level is reassessed. Every partnership has
 * one: the database seeds DOMAIN.md's default set when a partnership is
 * created (RiskAssessmentSecurity migration), so a partnership may later
 * change its own without touching anyone else's. Assessments copy what they
 * used, so a change never rewrites an earlier assessment.
 */
@Entity('risk_scheme')
export class RiskSchemeRecord {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  @Column('jsonb')
  questions: RiskQuestionData[];

  /** HIGH from this score up. */
  @Column('int')
  highFromScore: number;

  /** MEDIUM from this score up (below: STANDARD). */
  @Column('int')
  mediumFromScore: number;

  /** Days after a HIGH assessment within which it must be assessed again. */
  @Column('int')
  highReviewDays: number;

  /** Days after a MEDIUM assessment within which it must be assessed again (STANDARD: no date). */
  @Column('int')
  mediumReviewDays: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
