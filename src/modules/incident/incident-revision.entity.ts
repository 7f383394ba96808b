import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IncidentRecord } from './incident.entity';

/** What the agency submitted, as submitted (reporter included): kept per version. */
export type IncidentContent = {
  reference: string;
  occurredAt: string;
  reportedAt: string;
  category: string;
  summary: string;
  location: string | null;
  reporter: {
    kind: string;
    name: string;
    dateOfBirth: string | null;
    address: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
  };
};

/** An earlier version of an incident, kept when the owning agency changes it. */
@Entity('incident_revision')
export class IncidentRevisionRecord {
  @PrimaryColumn('uuid')
  incidentId: string;

  @PrimaryColumn('int')
  version: number;

  @ManyToOne(() => IncidentRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  incident?: IncidentRecord;

  @Column('jsonb')
  content: IncidentContent;

  /** When this version was replaced by the next. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  supersededAt: Date;
}
