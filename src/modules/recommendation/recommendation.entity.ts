import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { PanelRecord } from '../panel/panel.entity';
import { RecommendationStatus } from './recommendation-status';

/** A panel's recommendation to one agency, tracked until that agency completes it. */
@Entity('recommendation')
@Index(['agencyId', 'status'])
@Index(['caseId'])
export class RecommendationRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('uuid')
  panelId: string;

  @ManyToOne(() => PanelRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  panel?: PanelRecord;

  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  /** Its place in the panel's list, for a stable order. */
  @Column('int')
  position: number;

  @Column('text')
  text: string;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'enum', enum: RecommendationStatus, enumName: 'recommendation_status', default: RecommendationStatus.AWAITING_RESPONSE })
  status: RecommendationStatus;

  @Column({ type: 'text', nullable: true })
  responseReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  respondedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  completionNote: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
