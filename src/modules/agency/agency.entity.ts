import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyKind } from './agency-kind';

/** Most agencies `agencies` answers (by code): a hub serves a few partnerships of a dozen agencies each. */
export const MAX_AGENCIES_LISTED = 500;

/** A police force, council, housing provider or other body that holds records. */
@ObjectType()
@Entity('agency')
export class Agency {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Short stable code, unique, e.g. KENT-POLICE.' })
  @Column({ type: 'text', unique: true })
  code: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => AgencyKind)
  @Column({ type: 'enum', enum: AgencyKind, enumName: 'agency_kind' })
  kind: AgencyKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
