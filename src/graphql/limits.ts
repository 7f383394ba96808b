import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { HubError } from '../common/errors';

/**
 * How big a GraphQL document may be. Checked while parsing (tokens) and
 * validating (the rest), so a refused document never reaches a resolver or the
 * database.
 */
export type QueryLimits = {
  /** Nesting of fields, fragments flattened. */
  maxDepth: number;
  /** Aliased fields in one operation (fragments included). */
  maxAliases: number;
  /** Directives (@include, @skip, ...) in one operation. */
  maxDirectives: number;
  /** Lexical tokens in the whole document; the parser stops counting there. */
  maxTokens: number;
  /** graphql-armor's cost: 1 a scalar, 2 an object, times 1.5 for every level below the root. */
  maxCost: number;
};

/*
 * Measured on every operation in schema/operations (test/hostile/limits.test.ts
 * keeps it true): the deepest are 5 levels (case history, access log, incident
 * pages), the costliest is the whole case history (~410), the longest ~210
 * tokens, none uses an alias or a directive (the README's admin example uses 2
 * aliases). Each limit leaves several times that for clients writing their own
 * queries, and is far below what an attack needs. Depth stays low because
 * armor's cost does not know list sizes: each nested list level multiplies the
 * work, so depth is what bounds it. Tokens bound everything graphql-js does
 * before our rules answer (its overlapping-fields check is quadratic in repeated
 * fields: ~40 ms at 1000 tokens). Same defaults as src/config.ts.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 10,
  maxTokens: 1000,
  maxCost: 2500,
};

/** The refusal every limit gives: same code, a message naming the limit (never the schema). */
function tooComplex(what: string, reason: string): (ctx: ValidationContext | null, error: GraphQLError) => void {
  return (ctx) => {
    ctx?.reportError(new HubError('QUERY_TOO_COMPLEX', `Query too complex: ${what}`, reason));
  };
}

/**
 * The validation rules that enforce depth, aliases, directives and cost with
 * graphql-armor. Introspection is counted like any other query
 * (ignoreIntrospection off: named __schema operations have bypassed depth
 * limits before). Token counting is graphql-js's own parser limit
 * (`parseOptions`), which stops reading the document at the limit.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: false } as const;
  const armor = new ApolloArmor({
    // graphql-js's parser counts tokens (see parseOptions below); armor's Apollo
    // plugin would lex the document a second time and throw out of a hook (a 500).
    maxTokens: { enabled: false },
    // Field suggestions are removed by the server's own plugin in production,
    // which also covers enum values ("Did you mean the enum value ...").
    blockFieldSuggestion: { enabled: false },
    maxDepth: {
      ...common,
      n: limits.maxDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      onReject: [tooComplex(`more than ${limits.maxDepth} levels of nesting`, 'QUERY_DEPTH_LIMIT')],
    },
    maxAliases: {
      ...common,
      n: limits.maxAliases,
      onReject: [tooComplex(`more than ${limits.maxAliases} aliases`, 'QUERY_ALIAS_LIMIT')],
    },
    maxDirectives: {
      ...common,
      n: limits.maxDirectives,
      onReject: [tooComplex(`more than ${limits.maxDirectives} directives`, 'QUERY_DIRECTIVE_LIMIT')],
    },
    costLimit: {
      ...common,
      maxCost: limits.maxCost,
      ignoreIntrospection: false,
      flattenFragments: true,
      onReject: [tooComplex(`cost over ${limits.maxCost}`, 'QUERY_COST_LIMIT')],
    },
  });
  return armor.protect().validationRules;
}

/** graphql-js parse options: stop parsing past the token limit (answers GRAPHQL_PARSE_FAILED). */
export function queryParseOptions(limits: QueryLimits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

/**
 * Refuses an operation type the schema does not have (the hub has no
 * subscriptions): graphql-js 16 lets it through validation and fails it during
 * execution with an error that would be masked as INTERNAL_SERVER_ERROR.
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations`, { nodes: [node] }));
    }
  },
});
