import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { User } from '../user/user.entity';

/**
 * A reminder sent: one item (a milestone or update of a case, an information
 * request, a recommendation), one person, one day. Inserted in the transaction
 * that sends the mail and committed once the mail server accepted it, so a run
 * cut short sends again only what was not accepted, and never twice a day.
 */
@Entity('reminder_sent')
@Unique('reminder_sent_once_a_day', ['item', 'itemId', 'recipientId', 'onDate'])
@Index(['caseId'])
export class ReminderSentRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** A Milestone, UPDATE, INFORMATION_REQUEST or RECOMMENDATION. */
  @Column('text')
  item: string;

  /** The case for a milestone or update; the request or recommendation otherwise. */
  @Column('uuid')
  itemId: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('uuid')
  recipientId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn()
  recipient?: User;

  /** The day (Europe/London) the reminder was for. */
  @Column('date')
  onDate: string;

  @Column('date')
  dueOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt: Date;
}
