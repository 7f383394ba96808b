import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { Partnership } from './partnership.entity';

/** Membership of an agency in a partnership (an agency may serve several partnerships). */
@Entity('partnership_agency')
@Index(['agencyId'])
export class PartnershipAgency {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @PrimaryColumn('uuid')
  agencyId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}
