import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyKind } from './agency-kind';

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
