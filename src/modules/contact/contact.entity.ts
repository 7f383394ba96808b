import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from '../case-review/case-review.enums';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { LetterKind } from '../letter/letter-kind';
import { User } from '../user/user.entity';
import { ContactDirection } from './contact-direction';

/**
 * One contact with the applicant or the victim (a letter sent, a call, an
 * email, a meeting), recorded by the CST. Its summary is personal data the lead
 * agency holds; the rest (when, which way, how, which letter) is not.
 */
@Entity('contact')
@Index(['caseId', 'at'])
export class ContactRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('timestamptz')
  at: Date;

  @Column({ type: 'enum', enum: ContactDirection, enumName: 'contact_direction' })
  direction: ContactDirection;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel' })
  channel: Channel;

  /** Set when the contact sent one of the hub's letters (it meets that letter's milestone). */
  @Column({ type: 'enum', enum: LetterKind, enumName: 'letter_kind', nullable: true })
  letter: LetterKind | null;

  @Column('text')
  summary: string;

  @Column('uuid')
  byId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  by?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
