import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { PersonRecord } from '../person/person.entity';
import { AsbCategory } from './asb-category';

/** An ASB report as one agency holds it; that agency owns it. */
@Entity('incident')
@Unique('incident_agency_reference', ['agencyId', 'reference'])
// The list order (reportedAt desc, id desc) within an agency, and the reporter look-up.
@Index('incident_agency_reported', ['agencyId', 'reportedAt', 'id'])
@Index(['reporterId'])
export class IncidentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @Column('text')
  reference: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('timestamptz')
  reportedAt: Date;

  @Column({ type: 'enum', enum: AsbCategory, enumName: 'asb_category' })
  category: AsbCategory;

  @Column('text')
  summary: string;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column('uuid')
  reporterId: string;

  @ManyToOne(() => PersonRecord, { onDelete: 'RESTRICT' })
  @JoinColumn()
  reporter?: PersonRecord;

  /** sha256 of the submitted content: the same content again is 'unchanged'. */
  @Column('text')
  contentHash: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
