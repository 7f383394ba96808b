import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordedBasis } from './lawful-basis';

/**
 * One disclosure or write: who, when, which entity and id, through which case.
 * Appended only; a request writes its entries in one statement.
 */
@Entity('access_log')
// Each lane is a hash chain of its own; the append reads its lane's last entry.
@Index('access_log_lane', ['lane', 'id'])
@Index(['actorId', 'at'])
@Index(['entity', 'entityId'])
@Index(['caseId'])
@Check('access_log_action', "action IN ('READ', 'WRITE')")
@Check(
  'access_log_lawful_basis',
  "lawful_basis IN ('CONSENT', 'ASB_ACT_SCHEDULE_4', 'CRIME_AND_DISORDER_ACT_S115', 'OWN_RECORD', 'LEGAL_OBLIGATION')",
)
export class AccessLogRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column('uuid')
  actorId: string;

  @Column('text')
  action: 'READ' | 'WRITE';

  @Column('text')
  entity: string;

  @Column('uuid')
  entityId: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  /**
   * Why the disclosure or write was lawful, as the policy that allowed it decided.
   * Null only on entries appended before the column existed (their hash covers no
   * basis, so they still verify); hub_append_access_log refuses an entry without one.
   */
  @Column({ type: 'text', nullable: true })
  lawfulBasis: RecordedBasis | null;

  /**
   * Which chain the entry is in (the appending database session's, see the
   * AccessLogLanes migration): appenders in different lanes never wait for
   * each other. Entries before lanes are all in lane 0.
   */
  @Column({ type: 'smallint', default: 0 })
  lane: number;

  /** sha256 over the previous entry's hash in its lane and this entry's content (see access-log.chain.ts). */
  @Column({ type: 'text' })
  hash: string;
}
