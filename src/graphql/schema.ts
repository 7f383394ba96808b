import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { AgencyResolver } from '../modules/agency/agency.resolver';
import { IncidentResolver } from '../modules/incident/incident.resolver';
import { PartnershipResolver } from '../modules/partnership/partnership.resolver';
import { PersonResolver } from '../modules/person/person.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { applyPermissions } from './permissions';
import { validateArgument } from './validation';

export const RESOLVERS = [AgencyResolver, PartnershipResolver, UserResolver, IncidentResolver, PersonResolver] as const;

/** The executable schema: type-graphql's build with the permission gate applied. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
  return applyPermissions(schema);
}

/** The SDL committed as schema/schema.graphql: sorted, so that it diffs cleanly. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;
}
