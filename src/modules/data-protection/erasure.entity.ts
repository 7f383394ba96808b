import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '../user/user.entity';

/**
 * The ledger of erasure: one row per record whose personal data was erased
 * (a person, an incident, a case), written by the database's erasing functions
 * in the same transaction as the erasure. It is what makes erasure idempotent:
 * a record in the ledger is never erased, logged or counted again. It holds
 * ids, dates and the request's reason (scrubbed of the person's details).
 */
@Entity('erasure')
@Unique('erasure_record', ['entity', 'entityId'])
@Index(['erasedAt'])
@Check('erasure_entity', "entity IN ('Person', 'Incident', 'CaseReview')")
@Check('erasure_cause', "cause IN ('REQUEST', 'RETENTION')")
export class ErasureRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  entity: 'Person' | 'Incident' | 'CaseReview';

  @Column('uuid')
  entityId: string;

  /** REQUEST: a data protection officer's erasePerson; RETENTION: past its partnership's retention. */
  @Column('text')
  cause: 'REQUEST' | 'RETENTION';

  @Column({ type: 'timestamptz', default: () => 'now()' })
  erasedAt: Date;

  @Column('uuid')
  erasedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  erasedBy?: User;

  /** The erasure request's reason (REQUEST only), with the person's details taken out. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
