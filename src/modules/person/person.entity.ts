import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agency/agency.entity';
import { PersonKind } from './person-kind';

/**
 * A data subject (victim, applicant or reporter) as one agency holds them. The
 * owning agency is the one whose record introduced them; other agencies see the
 * personal fields only through a case with active consent.
 */
@Entity('person')
@Index(['agencyId', 'nameKey'])
export class PersonRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn()
  agency?: Agency;

  @Column({ type: 'enum', enum: PersonKind, enumName: 'person_kind' })
  kind: PersonKind;

  @Column('text')
  name: string;

  /** normaliseName(name): how the same person is recognised again. */
  @Column('text')
  nameKey: string;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  /** normalisePostcode(postcode). */
  @Column({ type: 'text', nullable: true })
  postcodeKey: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
