import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Partnership } from '../partnership/partnership.entity';
import { User } from '../user/user.entity';
import { CaseReviewRecord } from './case-review.entity';

/**
 * A victim's withdrawal of consent, recorded against the person (the matching
 * keys of candidateIncidents: normalised name, date of birth, postcode) within
 * the partnership, not only against the case: a later application for the same
 * person starts with consent awaiting a second officer's confirmation.
 */
@Entity('consent_withdrawal')
@Index('consent_withdrawal_person', ['partnershipId', 'nameKey'])
@Index(['caseId'])
export class ConsentWithdrawalRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  /** The case it was withdrawn on. */
  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('text')
  nameKey: string;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'text', nullable: true })
  postcodeKey: string | null;

  @Column('timestamptz')
  withdrawnAt: Date;

  /** Null for withdrawals recorded before the table existed (carried over by the migration). */
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  recordedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
