import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { User } from '../user/user.entity';

/** A review panel of a case: round 1 is the case review, round 2 the independent secondary review. */
@Entity('panel')
@Unique('panel_case_round', ['caseId', 'round'])
export class PanelRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('int')
  round: number;

  @Column('timestamptz')
  meetingAt: Date;

  @Column('boolean')
  independentChair: boolean;

  @Column({ type: 'text', nullable: true })
  findings: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A user sitting on a panel; exactly one member of each panel is its chair. */
@Entity('panel_member')
@Index(['userId'])
export class PanelMemberRecord {
  @PrimaryColumn('uuid')
  panelId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => PanelRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  panel?: PanelRecord;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: User;

  @Column('boolean')
  isChair: boolean;
}
