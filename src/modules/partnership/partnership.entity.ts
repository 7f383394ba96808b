import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { ThresholdRule } from './threshold-rule';

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

  @Field(() => [ThresholdRule])
  @Column({ type: 'jsonb' })
  thresholdRules: ThresholdRule[];

  @Field(() => Int, {
    description: 'Working days (England and Wales bank holidays excluded) allowed from receipt to the outcome letter. Default 25.',
  })
  @Column({ type: 'int', default: 25 })
  responseWorkingDays: number;

  /** The partnership's own text on how to apply; null until set (Partnership.howToApply then gives the default). */
  @Column({ type: 'text', nullable: true })
  howToApply: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
