import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Column } from 'typeorm';
import { User } from '../user/user.entity';
import { Partnership } from './partnership.entity';

/**
 * A user of an agency outside the partnership whom the administrator registered
 * to chair the partnership's panels (DOMAIN.md, "the chair may be independent").
 * Such a user may chair, never sit as an ordinary member.
 */
@Entity('partnership_independent_chair')
@Index(['userId'])
export class PartnershipIndependentChair {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: User;

  @Column('uuid')
  addedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}
