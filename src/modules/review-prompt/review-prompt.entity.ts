import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { Channel } from '../case-review/case-review.enums';
import { IncidentRecord } from '../incident/incident.entity';
import { Partnership } from '../partnership/partnership.entity';
import { PersonRecord } from '../person/person.entity';
import { User } from '../user/user.entity';
import { ReviewPromptKind } from './review-prompt-kind';

/**
 * A prompt to the agency that recorded an incident: explain the ASB case review
 * to its reporter. It holds ids, a kind and dates only; which other records
 * raised it is never stored.
 */
@Entity('review_prompt')
// One open prompt per person record and partnership. The person is the recording agency's own
// record of the reporter, so one agency's prompts never change what another agency is told.
@Index('review_prompt_one_open', ['partnershipId', 'personId'], { unique: true, where: 'explained_at IS NULL' })
@Index(['agencyId', 'createdAt'])
// The yearly figure counts explained prompts by date.
@Index('review_prompt_partnership_explained', ['partnershipId', 'explainedAt'], { where: 'explained_at IS NOT NULL' })
@Index(['incidentId'])
export class ReviewPromptRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  /** The recording agency: the only one that ever sees the prompt. */
  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @Column('uuid')
  incidentId: string;

  @ManyToOne(() => IncidentRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  incident?: IncidentRecord;

  @Column('uuid')
  personId: string;

  @ManyToOne(() => PersonRecord, { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: PersonRecord;

  @Column({ type: 'enum', enum: ReviewPromptKind, enumName: 'review_prompt_kind' })
  kind: ReviewPromptKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  explainedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  explainedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  explainedBy?: User;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel', nullable: true })
  explainedChannel: Channel | null;
}
