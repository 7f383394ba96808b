import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordedBasis } from './lawful-basis';

/**
 * The disclosures or writes of one request of one kind: who, when, which entity
 * and ids, through which case, on which basis. Appended only; a request writes
 * its rows in one statement (AccessLogPerRequest migration: one row per action,
 * entity, case and basis, holding every id).
 */
@Entity('access_log')
// Each lane is a hash chain of its own; the append reads its lane's last entry.
@Index('access_log_lane', ['lane', 'id'])
@Index(['actorId', 'at'])
// GIN, for `entity_ids @> ARRAY[id]` (hand-written in the AccessLogPerRequest migration: TypeORM makes only b-tree indexes).
@Index('access_log_entity_ids', { synchronize: false })
@Index(['caseId'])
@Check('access_log_entity_ids_present', 'cardinality(entity_ids) > 0')
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

  /** The records' ids, in the order the request disclosed or wrote them (each once). */
  @Column('uuid', { array: true })
  entityIds: string[];

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
