import { boundedList } from '../../common/cost';
import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { Role } from './role';

/** A person working for an agency. Their roles live here, never in their token. */
@ObjectType()
@Entity('app_user')
@Check('app_user_email_lower', 'email = lower(email)')
@Index(['agencyId'])
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased: the token's subject is matched against it. */
  @Field()
  @Column({ type: 'text', unique: true })
  email: string;

  @Field()
  @Column('text')
  displayName: string;

  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @Field(() => [Role], { complexity: boundedList(Object.keys(Role).length) })
  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true })
  roles: Role[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
