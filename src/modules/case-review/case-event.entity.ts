import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseReviewRecord } from './case-review.entity';

/** One step in a case's history (RECEIVED, THRESHOLD_DECIDED, ...), appended in the same transaction as the step. */
@Entity('case_event')
@Index(['caseId', 'id'])
export class CaseEventRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column('text')
  type: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
