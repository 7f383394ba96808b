import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IncidentRecord } from '../incident/incident.entity';
import { CaseReviewRecord } from './case-review.entity';

/** An agency's incident record linked to a case by the CST. */
@Entity('case_incident')
@Index(['incidentId'])
export class CaseIncidentRecord {
  @PrimaryColumn('uuid')
  caseId: string;

  @PrimaryColumn('uuid')
  incidentId: string;

  @ManyToOne(() => CaseReviewRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  case?: CaseReviewRecord;

  @ManyToOne(() => IncidentRecord, { onDelete: 'RESTRICT' })
  @JoinColumn()
  incident?: IncidentRecord;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  linkedAt: Date;

  @Column('uuid')
  linkedById: string;
}
