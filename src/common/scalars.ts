import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/** RFC 3339 instant; JavaScript Date inside the hub. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: 'DateTime',
  description: 'RFC 3339 instant, e.g. 2026-03-01T10:15:00Z.',
});

/** A calendar date as the string YYYY-MM-DD (Europe/London); graphql-scalars' LocalDate under the contract's name. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'Calendar date YYYY-MM-DD (Europe/London).',
});
