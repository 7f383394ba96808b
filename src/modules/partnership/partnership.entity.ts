import { boundedList } from '../../common/cost';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { ThresholdRule } from './threshold-rule';

/** Most partnerships `partnerships` answers (by code): a hub serves a county's CSPs (Kent has 12). */
export const MAX_PARTNERSHIPS_LISTED = 50;
/** Most agencies one partnership holds (addAgencyToPartnership refuses more): the bound of Partnership.agencies. */
export const MAX_PARTNERSHIP_AGENCIES = 40;
/** Most threshold rules a partnership has (its input's limit). */
export const MAX_THRESHOLD_RULES = 20;

/** A Community Safety Partnership: the tenant. Its lead agency's CST runs its case reviews. */
@ObjectType({ description: "A Community Safety Partnership: the tenant. Its lead agency's Community Safety Team runs its case reviews." })
@Entity('partnership')
export class Partnership {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short stable code, unique, e.g. MEDWAY. Prefixes case references.' })
  @Column({ type: 'text', unique: true })
  code: string;

  @Field()
  @Column('text')
  name: string;

  @Index()
  @Column('uuid')
  leadAgencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  leadAgency?: Agency;

  @Field(() => [ThresholdRule], { complexity: boundedList(MAX_THRESHOLD_RULES) })
  @Column({ type: 'jsonb' })
  thresholdRules: ThresholdRule[];

  @Field(() => Int, {
    description: 'Working days (England and Wales bank holidays excluded) allowed from receipt to the outcome letter. Default 25.',
  })
  @Column({ type: 'int', default: 25 })
  responseWorkingDays: number;

  /** Working days from receipt to the acknowledgement (Partnership.timescales; outcome is responseWorkingDays). */
  @Column({ type: 'int', default: 5 })
  acknowledgeWorkingDays: number;

  @Column({ type: 'int', default: 10 })
  thresholdDecisionWorkingDays: number;

  @Column({ type: 'int', default: 20 })
  panelWorkingDays: number;

  /** The partnership's own text on how to apply; null until set (Partnership.howToApply then gives the default). */
  @Column({ type: 'text', nullable: true })
  howToApply: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
