import { boundedList, pageCost, textCost } from '../../common/cost';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { Person } from '../person/person.types';
import { IncidentFilter, IncidentInput } from './incident.inputs';
import { HISTORY_DEFAULT, HISTORY_MAX, Incident, IncidentConnection, IncidentRevision, MAX_BATCH, MAX_SUMMARY_CHARS, RecordIncidentsPayload } from './incident.types';

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => Incident, { description: 'NOT_FOUND when absent or not visible to the caller.' })
  incident(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Incident> {
    return ctx.services.incidents.get(actorOf(ctx), id);
  }

  @Query(() => IncidentConnection, { complexity: pageCost(20) })
  incidents(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter?: IncidentFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<IncidentConnection> {
    return ctx.services.incidents.list(actorOf(ctx), filter, first ?? 20, after);
  }

  @Mutation(() => RecordIncidentsPayload, {
    description: "Upsert by (caller's agency, reference); same content again: unchanged. At most 1000 per call.",
  })
  recordIncidents(@Arg('incidents', () => [IncidentInput]) incidents: IncidentInput[], @Ctx() ctx: HubContext): Promise<RecordIncidentsPayload> {
    return ctx.services.incidents.record(actorOf(ctx), incidents);
  }

  @FieldResolver(() => Agency, { description: 'The agency the incident was reported to: the record\'s owner.' })
  agency(@Root() incident: Incident, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return ctx.loaders.agencies.byId.load(incident.record.agencyId);
  }

  @FieldResolver(() => String, { nullable: true, complexity: textCost(MAX_SUMMARY_CHARS), description: 'Free text; null when redacted.' })
  summary(@Root() incident: Incident, @Ctx() ctx: HubContext): string | null {
    return ctx.services.incidents.disclose(incident, 'summary');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Null when redacted.' })
  location(@Root() incident: Incident, @Ctx() ctx: HubContext): string | null {
    return ctx.services.incidents.disclose(incident, 'location');
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Null when redacted.' })
  reporter(@Root() incident: Incident, @Ctx() ctx: HubContext): Promise<Person | null> {
    return ctx.services.incidents.reporter(incident);
  }

  @FieldResolver(() => [IncidentRevision], {
    complexity: pageCost(HISTORY_DEFAULT),
    description: `Earlier versions, newest first (the \`first\` newest, at most ${HISTORY_MAX}); empty unless the caller's agency owns the record (or a data protection officer exports the reporter's data).`,
  })
  history(
    @Root() incident: Incident,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: HISTORY_DEFAULT }) first?: number | null,
  ): Promise<IncidentRevision[]> {
    return ctx.services.incidents.history(incident, first ?? HISTORY_DEFAULT);
  }
}

@Resolver(() => RecordIncidentsPayload)
export class RecordIncidentsPayloadResolver {
  @FieldResolver(() => [Incident], { complexity: boundedList(MAX_BATCH), description: 'In input order.' })
  incidents(@Root() payload: RecordIncidentsPayload, @Ctx() ctx: HubContext): Promise<Incident[]> {
    return ctx.services.incidents.recorded(payload);
  }
}
