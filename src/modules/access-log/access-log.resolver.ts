import { pageCost } from '../../common/cost';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { User } from '../user/user.entity';
import { AccessLogConnection, AccessLogEntry, AccessLogFilter, AccessLogVerification } from './access-log.types';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { complexity: pageCost(50), description: 'AUDITOR only.' })
  accessLog(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AccessLogConnection> {
    return ctx.services.accessLog.list(actorOf(ctx), filter, first ?? 50, after);
  }

  @Query(() => AccessLogVerification, { description: 'AUDITOR only. Recomputes the hash chain over the whole log.' })
  verifyAccessLog(@Ctx() ctx: HubContext): Promise<AccessLogVerification> {
    return ctx.services.accessLog.verify(actorOf(ctx));
  }

  @FieldResolver(() => User)
  actor(@Root() entry: AccessLogEntry, @Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.loaders.users.byId.load(entry.actorId);
  }
}
