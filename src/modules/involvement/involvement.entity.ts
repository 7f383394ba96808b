import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Channel } from '../case-review/case-review.enums';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { User } from '../user/user.entity';
import { PanelAttendance } from './panel-attendance';

/**
 * What the victim wants from the review, one row per case, kept up to date by
 * the CST. The statement and the reason for not inviting are personal data the
 * lead agency holds.
 */
@Entity('victim_involvement')
export class VictimInvolvementRecord {
  @PrimaryColumn('uuid')
  caseId: string;

  @OneToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel', nullable: true })
  preferredChannel: Channel | null;

  @Column('boolean')
  wantsToAttendPanel: boolean;

  @Column({ type: 'int', nullable: true })
  updateEveryDays: number | null;

  @Column({ type: 'enum', enum: PanelAttendance, enumName: 'panel_attendance', nullable: true })
  attendance: PanelAttendance | null;

  @Column({ type: 'text', nullable: true })
  notInvitedReason: string | null;

  @Column({ type: 'text', nullable: true })
  statement: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('uuid')
  updatedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  updatedBy?: User;
}
