import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { CaseReviewRecord } from '../case-review/case-review.entity';

/** The CST's request to one agency for its involvement in a case, and the agency's answer. */
@Entity('information_request')
@Index(['agencyId', 'respondedAt'])
@Index(['caseId'])
export class InformationRequestRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @Column('text')
  question: string;

  @Column('date')
  dueOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column('uuid')
  requestedById: string;

  @Column({ type: 'text', nullable: true })
  responseSummary: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  responseActions: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  respondedById: string | null;

  /** The agency's own records it attached to the case with its answer (they may be linked to the case). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attachedIncidentIds: string[];
}
