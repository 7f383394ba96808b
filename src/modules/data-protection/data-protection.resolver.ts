import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { boundedList, pageCost } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { AccessLogEntry } from '../access-log/access-log.types';
import { CaseReview } from '../case-review/case-review.types';
import { Incident } from '../incident/incident.types';
import { Partnership } from '../partnership/partnership.entity';
import { Person } from '../person/person.types';
import {
  DISCLOSURES_DEFAULT,
  ErasureResult,
  MAX_DISCLOSURES_PAGE,
  CASES_DEFAULT,
  MAX_CASES_PAGE,
  MAX_EXPORT_INCIDENTS,
  MAX_EXPORT_RECORDS,
  RetentionPolicy,
  RetentionPolicyInput,
  SubjectAccessExport,
} from './data-protection.types';

@Resolver(() => SubjectAccessExport)
export class SubjectAccessResolver {
  @Query(() => SubjectAccessExport, {
    description: "DATA_PROTECTION_OFFICER of the person's agency or of a partnership the person's records reach; NOT_FOUND for anyone else's.",
  })
  subjectAccessExport(@Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<SubjectAccessExport> {
    return ctx.services.subjectAccess.export(actorOf(ctx), personId);
  }

  @Mutation(() => ErasureResult, { description: "Erases one person's personal data on a valid erasure request (DATA_PROTECTION_OFFICER)." })
  erasePerson(@Arg('personId', () => ID) personId: string, @Arg('reason') reason: string, @Ctx() ctx: HubContext): Promise<ErasureResult> {
    return ctx.services.erasure.erasePerson(actorOf(ctx), personId, reason);
  }

  @FieldResolver(() => [Person], {
    complexity: boundedList(MAX_EXPORT_RECORDS),
    description: `Every record of the person at the agencies of the officer's partnerships (same name, and date of birth or postcode), the one asked for first; at most ${MAX_EXPORT_RECORDS} (recordCount says how many; the PDF holds all).`,
  })
  async records(@Root() exp: SubjectAccessExport, @Ctx() ctx: HubContext): Promise<Person[]> {
    return (await ctx.services.subjectAccess.records(exp)).slice(0, MAX_EXPORT_RECORDS);
  }

  @FieldResolver(() => Int)
  recordCount(@Root() exp: SubjectAccessExport): number {
    return exp.records.personIds.length;
  }

  @FieldResolver(() => [Incident], {
    complexity: boundedList(MAX_EXPORT_INCIDENTS),
    description: `The incidents those records reported, newest first; at most ${MAX_EXPORT_INCIDENTS} (incidentCount says how many; the PDF holds all).`,
  })
  async incidents(@Root() exp: SubjectAccessExport, @Ctx() ctx: HubContext): Promise<Incident[]> {
    return (await ctx.services.subjectAccess.incidents(exp)).slice(0, MAX_EXPORT_INCIDENTS);
  }

  @FieldResolver(() => Int)
  incidentCount(@Root() exp: SubjectAccessExport): number {
    return exp.records.incidentIds.length;
  }

  @FieldResolver(() => [CaseReview], {
    complexity: pageCost(CASES_DEFAULT),
    description: `The cases the person is applicant or victim of, newest first, with their own records in full and anyone else's withheld: \`first\` cases (at most ${MAX_CASES_PAGE}) after the case \`after\` (a case's id). caseCount says how many; the PDF holds all.`,
  })
  async cases(
    @Root() exp: SubjectAccessExport,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: CASES_DEFAULT }) first?: number | null,
    @Arg('after', () => ID, { nullable: true }) after?: string | null,
  ): Promise<CaseReview[]> {
    return ctx.services.subjectAccess.casePage(exp, first ?? CASES_DEFAULT, after);
  }

  @FieldResolver(() => Int)
  caseCount(@Root() exp: SubjectAccessExport): number {
    return exp.records.caseIds.length;
  }

  @FieldResolver(() => [AccessLogEntry], {
    complexity: pageCost(DISCLOSURES_DEFAULT),
    description: `Who saw this person's data (or changed it), when, through which case, on which basis: newest first, \`first\` entries (at most ${MAX_DISCLOSURES_PAGE}) after the entry \`after\` (an entry's id).`,
  })
  async disclosures(
    @Root() exp: SubjectAccessExport,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: DISCLOSURES_DEFAULT }) first?: number | null,
    @Arg('after', () => ID, { nullable: true }) after?: string | null,
  ): Promise<AccessLogEntry[]> {
    return (await ctx.services.subjectAccess.disclosures(exp, first ?? DISCLOSURES_DEFAULT, after)).entries;
  }

  @FieldResolver(() => Int)
  disclosureCount(@Root() exp: SubjectAccessExport, @Ctx() ctx: HubContext): Promise<number> {
    return ctx.services.subjectAccess.disclosureCount(exp);
  }
}

/** Partnership.retention and the retention mutations, resolved here (type-graphql merges them into Partnership and Mutation). */
@Resolver(() => Partnership)
export class PartnershipRetentionResolver {
  @FieldResolver(() => RetentionPolicy)
  retention(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<RetentionPolicy> {
    return ctx.services.retentionPolicies.of(partnership);
  }

  @Mutation(() => Partnership, { description: 'ADMIN, or the DATA_PROTECTION_OFFICER of its lead agency: years from 1 to 100.' })
  setRetentionPolicy(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('policy', () => RetentionPolicyInput) policy: RetentionPolicyInput,
    @Ctx() ctx: HubContext,
  ): Promise<Partnership> {
    return ctx.services.retentionPolicies.set(actorOf(ctx), partnershipId, policy);
  }

  @Mutation(() => ErasureResult, { description: 'Erases the personal data of everything past its retention, now (ADMIN); the scheduled job does the same daily.' })
  applyRetention(@Arg('partnershipId', () => ID) partnershipId: string, @Ctx() ctx: HubContext): Promise<ErasureResult> {
    return ctx.services.erasure.applyRetention(actorOf(ctx), partnershipId);
  }
}
