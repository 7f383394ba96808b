import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo, type TotalCount } from '../../common/pagination';
import { LawfulBasis } from './lawful-basis';

/**
 * One disclosure or write of one record. A row of the log holds every id of one
 * kind a request disclosed; an entry is one of them: its id is the row's id for
 * the row's first id, and `row.n` for its n-th (see entryId).
 */
@ObjectType()
export class AccessLogEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({ description: 'READ or WRITE' })
  action: string;

  @Field({ description: 'Entity type read or written, e.g. Person, Incident, CaseReview.' })
  entity: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => LawfulBasis, { description: 'Why the disclosure or write was lawful, as the policy that allowed it decided.' })
  lawfulBasis: LawfulBasis;

  /** Who disclosed or wrote (resolved to `actor`), and through which case (`case`). */
  actorId: string;
  caseId: string | null;
}

@ObjectType()
export class AccessLogVerification {
  @Field(() => Boolean)
  ok: boolean;

  @Field(() => Int)
  checked: number;

  @Field(() => ID, { nullable: true, description: 'First entry whose hash does not follow from its predecessor; null when ok.' })
  firstBrokenId: string | null;
}

@InputType()
export class AccessLogFilter {
  @Field(() => ID, { nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  entity?: string | null;

  @Field(() => ID, { nullable: true })
  entityId?: string | null;

  @Field(() => ID, { nullable: true })
  caseId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;

  @Field(() => LawfulBasis, { nullable: true, description: 'NOT_RECORDED answers the entries written before bases were recorded.' })
  lawfulBasis?: LawfulBasis | null;
}

@ObjectType()
export class AccessLogEdge {
  @Field()
  cursor: string;

  @Field(() => AccessLogEntry)
  node: AccessLogEntry;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge])
  edges: AccessLogEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Counted only when selected (countWhenAsked). */
  @Field(() => Int)
  totalCount: TotalCount;
}
