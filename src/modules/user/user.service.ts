import type { Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { checkId, isUniqueViolation } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { AgencyService } from '../agency/agency.service';
import { User } from './user.entity';
import { UserErrors } from './user.errors';
import type { CreateUserInput } from './user.inputs';
import type { UserLoaders } from './user.loaders';
import { UserPolicy } from './user.policy';

const NO_SCOPE = { agencyIds: new Set<string>(), chairIds: new Set<string>() };

/** User accounts: who the caller is, and the administrators' creation of accounts. */
export class UserService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { users: UserLoaders },
    private readonly agencies: AgencyService,
  ) {}

  async me(actor: Actor): Promise<User> {
    const user = await this.loaders.users.byId.load(actor.userId);
    if (!user) throw CommonErrors.UNAUTHENTICATED();
    return user;
  }

  /** The user's email, or '' when the caller may not know it (UserPolicy.seesEmail; the contract's email is non-null). */
  async emailFor(actor: Actor, user: User): Promise<string> {
    const sameOrAdmin = UserPolicy.seesEmail(actor, user, NO_SCOPE);
    if (sameOrAdmin) return user.email;
    return UserPolicy.seesEmail(actor, user, await this.loaders.users.emailScope.load(actor.userId)) ? user.email : '';
  }

  async create(actor: Actor, input: CreateUserInput): Promise<User> {
    UserPolicy.authorize(actor, 'manage');
    const agencyId = checkId(input.agencyId, 'input.agencyId');
    const agency = await this.agencies.requireForAdmin(agencyId, 'input.agencyId');
    const refused = input.roles.findIndex((role) => !UserPolicy.mayHoldRole(role, agency.kind));
    if (refused >= 0) throw UserErrors.ROLE_NOT_FOR_AGENCY(`input.roles.${refused}`);
    return this.db.transaction(async (manager) => {
      try {
        return await manager.save(
          manager.create(User, {
            email: input.email.trim().toLowerCase(),
            displayName: input.displayName.trim(),
            agencyId,
            roles: [...new Set(input.roles)],
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw UserErrors.EMAIL_TAKEN('input.email');
        throw error;
      }
    });
  }
}
