import { boundedList } from '../../common/cost';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { User } from '../user/user.entity';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { InformationRequestRecord } from './information-request.entity';

/** Most actions one response lists: the bound of InformationResponse.actionsTaken in the query cost. */
export const MAX_ACTIONS = 50;
/** Most information requests one case holds: the bound of CaseReview.informationRequests in the query cost. */
export const MAX_CASE_INFORMATION_REQUESTS = 100;

/** A request to one agency for its involvement in a case; agency, response and case are resolved in its resolver. */
@ObjectType()
export class InformationRequest {
  @Field(() => ID)
  id: string;

  @Field()
  question: string;

  @Field(() => DateScalar)
  dueOn: string;

  @Field()
  requestedAt: Date;

  record: InformationRequestRecord;
  /** Why the agency's answer may reach this caller (InformationRequestPolicy.answerBasis). */
  answerBasis: RecordedBasis;
}

export function informationRequestView(record: InformationRequestRecord, answerBasis: RecordedBasis): InformationRequest {
  return Object.assign(new InformationRequest(), {
    id: record.id,
    question: record.question,
    dueOn: record.dueOn,
    requestedAt: record.requestedAt,
    record,
    answerBasis,
  });
}

@ObjectType()
export class InformationResponse {
  @Field()
  summary: string;

  @Field(() => [String], { complexity: boundedList(MAX_ACTIONS) })
  actionsTaken: string[];

  @Field()
  respondedAt: Date;

  @Field(() => User)
  respondedBy: User;
}
