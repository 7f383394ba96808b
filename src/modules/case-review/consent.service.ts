import type { Actor } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import type { User } from '../user/user.entity';
import type { UserLoaders } from '../user/user.loaders';
import { ALLOWED_FROM, CaseReviewPolicy } from './case-review.policy';
import type { CaseReview, Consent } from './case-review.types';
import { consentActive } from './case-review.types';
import { CONSENT_LOG_ENTITY } from './consent';
import { ConsentPolicy } from './consent.policy';
import type { CaseReviewViews } from './case-review.views';
import { caseText, type CaseSteps } from './case-steps';

const MAX_NOTE = 2000;

/** The victim's consent on a case: as the caller sees it, and its confirmation by a second CST officer. */
export class ConsentService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { users: UserLoaders },
    private readonly steps: CaseSteps,
    private readonly views: CaseReviewViews,
  ) {}

  /** The case's consent; auditors (who see a case's id, reference and status only) are refused it. */
  of(view: CaseReview): Consent {
    CaseReviewPolicy.assertBeyondReference(view, 'consent');
    const r = view.record;
    return {
      givenAt: r.consentGivenAt,
      channel: r.consentChannel,
      withdrawnAt: r.consentWithdrawnAt,
      active: consentActive(r),
      awaitingConfirmation: r.consentAwaitingConfirmation,
      confirmedAt: r.consentConfirmedAt,
      confirmedById: r.consentConfirmedById,
    };
  }

  async confirmedBy(consent: Consent): Promise<User | null> {
    return consent.confirmedById ? this.loaders.users.byId.load(consent.confirmedById) : null;
  }

  /**
   * A second CST officer, not the one who submitted the application, confirms
   * consent that awaits confirmation, with a note of how it was checked (the
   * event's note); from then on consent is active.
   */
  async confirm(actor: Actor, caseId: string, noteArg: string, now = new Date()): Promise<CaseReview> {
    const note = caseText(noteArg, 'note', MAX_NOTE);
    const record = await this.steps.step(
      actor,
      caseId,
      {
        allowed: ALLOWED_FROM.open,
        event: 'CONSENT_CONFIRMED',
        authorize: async (who, c, manager) => {
          const [received]: { actor_id: string | null }[] = await manager.query(
            `SELECT actor_id FROM case_event WHERE case_id = $1 AND type = 'RECEIVED' ORDER BY at LIMIT 1`,
            [c.id],
          );
          return ConsentPolicy.authorizeConfirm(who, c, received?.actor_id ?? null);
        },
      },
      async (_manager, c, basis) => {
        this.db.accessLog.write(CONSENT_LOG_ENTITY, c.id, c.id, basis);
        return { result: c, note, patch: { consentAwaitingConfirmation: false, consentConfirmedAt: now, consentConfirmedById: actor.userId } };
      },
    );
    return (await this.views.view(actor, record))!;
  }
}
