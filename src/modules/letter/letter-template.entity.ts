import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Partnership } from '../partnership/partnership.entity';
import { User } from '../user/user.entity';
import { LetterKind } from './letter-kind';

/** A partnership's own wording of one letter's body (without a row, the hub's default). Not personal data. */
@Entity('letter_template')
export class LetterTemplateRecord {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  @PrimaryColumn({ type: 'enum', enum: LetterKind, enumName: 'letter_kind' })
  kind: LetterKind;

  @Column('text')
  body: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('uuid')
  updatedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  updatedBy?: User;
}

/** The block at the top of a partnership's letters: its address and how to reach the team (without a row, a default). */
@Entity('letterhead')
export class LetterheadRecord {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn()
  partnership?: Partnership;

  @Column('text')
  address: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('uuid')
  updatedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  updatedBy?: User;
}
