import { CaseEventRecord } from './case-review/case-event.entity';
import { CaseIncidentRecord } from './case-review/case-incident.entity';
import { CaseReferenceCounter, CaseReviewRecord } from './case-review/case-review.entity';
import { ConsentWithdrawalRecord } from './case-review/consent-withdrawal.entity';
import { InformationRequestRecord } from './information-request/information-request.entity';
import { PanelMemberRecord, PanelRecord } from './panel/panel.entity';
import { RecommendationRecord } from './recommendation/recommendation.entity';
import { AccessLogRecord } from './access-log/access-log.entity';
import { Agency } from './agency/agency.entity';
import { IncidentRevisionRecord } from './incident/incident-revision.entity';
import { IncidentRecord } from './incident/incident.entity';
import { PersonRecord } from './person/person.entity';
import { PartnershipAgency } from './partnership/partnership-agency.entity';
import { Partnership } from './partnership/partnership.entity';
import { PartnershipIndependentChair } from './partnership/independent-chair.entity';
import { ReviewPromptRecord } from './review-prompt/review-prompt.entity';
import { RiskAssessmentRecord } from './risk-assessment/risk-assessment.entity';
import { RiskSchemeRecord } from './risk-assessment/risk-scheme.entity';
import { ErasureRecord } from './data-protection/erasure.entity';
import { RetentionPolicyRecord } from './data-protection/retention-policy.entity';
import { User } from './user/user.entity';
import { ContactRecord } from './contact/contact.entity';
import { VictimInvolvementRecord } from './involvement/involvement.entity';
import { LetterheadRecord, LetterTemplateRecord } from './letter/letter-template.entity';
import { ReminderSentRecord } from './reminder/reminder-sent.entity';

/** Every TypeORM entity of the hub, for the data source and the migration generator. */
export const ENTITIES = [
  Agency, Partnership, PartnershipAgency, User, PersonRecord, IncidentRecord, IncidentRevisionRecord, AccessLogRecord,
  CaseReviewRecord, CaseReferenceCounter, CaseIncidentRecord, CaseEventRecord, InformationRequestRecord, PanelRecord, PanelMemberRecord, RecommendationRecord,
  ConsentWithdrawalRecord, PartnershipIndependentChair,
  ReviewPromptRecord,
  ContactRecord, VictimInvolvementRecord, LetterTemplateRecord, LetterheadRecord, ReminderSentRecord,
  RiskSchemeRecord, RiskAssessmentRecord,
  RetentionPolicyRecord, ErasureRecord,
];
