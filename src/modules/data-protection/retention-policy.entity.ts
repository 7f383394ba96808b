import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Partnership } from '../partnership/partnership.entity';
import { User } from '../user/user.entity';

/** DOMAIN.md's defaults: six years after closure or withdrawal (cases), six after reportedAt (incidents never linked to a case). */
export const DEFAULT_CASE_YEARS = 6;
export const DEFAULT_INCIDENT_YEARS = 6;
/** Bounds of a policy: at least a year, at most a lifetime. */
export const MIN_RETENTION_YEARS = 1;
export const MAX_RETENTION_YEARS = 100;

/** How long a partnership keeps personal data; a partnership without a row keeps DOMAIN.md's defaults. */
@Entity('retention_policy')
@Check('retention_policy_years', 'case_years BETWEEN 1 AND 100 AND incident_years BETWEEN 1 AND 100')
export class RetentionPolicyRecord {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @OneToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  /** Years after a case's closure (or withdrawal) after which its personal data is erased. */
  @Column('int')
  caseYears: number;

  /** Years after reportedAt after which an incident never linked to a case is erased. */
  @Column('int')
  incidentYears: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('uuid')
  updatedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  updatedBy?: User;
}
