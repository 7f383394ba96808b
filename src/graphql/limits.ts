import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { HubError } from '../common/errors';
import { documentDepth, isIntrospectionOnly } from './cost';

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
  /** What an operation can return, with its variables (src/graphql/cost.ts); README "Limits, load and faults" says how it was chosen. */
  maxCost: number;
};

/*
 * Measured on every operation clients send (test/hostile/limits.test.ts prints
 * and keeps it true): the deepest are 5 levels (case history, access log,
 * incident pages), the longest ~210 tokens, none uses an alias or a directive
 * (the README's admin example uses 2 aliases); depth, aliases and directives
 * leave several times that. The cost (src/graphql/cost.ts) counts what an
 * operation can return with its variables: the costliest legitimate operation
 * is 20,501, the cheapest attack it refuses 36,856; 30,000 sits between, half
 * again above the one and a fifth below the other (README,
 * "Limits, load and faults"). Tokens bound everything graphql-js does before
 * our rules answer (its overlapping-fields check is quadratic in repeated
 * fields: ~40 ms at 1000 tokens). Same defaults as src/config.ts.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 20,
  maxDirectives: 10,
  maxTokens: 1000,
  maxCost: 30_000,
};

/** The refusal every limit gives: same code, a message naming the limit (never the schema). */
function tooComplex(what: string, reason: string): (ctx: ValidationContext | null, error: GraphQLError) => void {
  return (ctx) => {
    ctx?.reportError(new HubError('QUERY_TOO_COMPLEX', `Query too complex: ${what}`, reason));
  };
}

/**
 * The validation rules that enforce depth, aliases and directives with
 * graphql-armor (cost is src/graphql/cost.ts's: it needs the request's
 * variables, which validation does not see). Introspection is held to the
 * same depth as any query, except that where introspection is allowed
 * (development) a document asking only for introspection fields, by name, may
 * be as deep as the standard introspection query (`introspectionDepth`) and
 * no deeper; its cost is then held to that query's (cost.ts). Token counting
 * is graphql-js's own parser limit (`parseOptions`), which stops reading the
 * document at the limit.
 */
export function queryLimitRules(limits: QueryLimits, introspection?: { depth: number }): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: false } as const;
  const shape = new ApolloArmor({
    // graphql-js's parser counts tokens (see parseOptions below); armor's Apollo
    // plugin would lex the document a second time and throw out of a hook (a 500).
    maxTokens: { enabled: false },
    // Field suggestions are removed by the server's own plugin in production,
    // which also covers enum values ("Did you mean the enum value ...").
    blockFieldSuggestion: { enabled: false },
    maxDepth: { enabled: false },
    costLimit: { enabled: false },
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
  });
  const depthRule = (n: number): ValidationRule[] =>
    new ApolloArmor({
      maxTokens: { enabled: false },
      blockFieldSuggestion: { enabled: false },
      maxAliases: { enabled: false },
      maxDirectives: { enabled: false },
      costLimit: { enabled: false },
      maxDepth: {
        ...common,
        n,
        ignoreIntrospection: false,
        flattenFragments: true,
        onReject: [tooComplex(`more than ${n} levels of nesting`, 'QUERY_DEPTH_LIMIT')],
      },
    }).protect().validationRules;
  const [ordinaryDepth] = depthRule(limits.maxDepth);
  const depth: ValidationRule = introspection
    ? (context) => {
        const document = context.getDocument();
        if (!isIntrospectionOnly(document)) return ordinaryDepth(context);
        return {
          Document() {
            if (documentDepth(document) > introspection.depth) {
              context.reportError(new HubError('QUERY_TOO_COMPLEX', 'Query too complex: introspection deeper than the standard introspection query', 'QUERY_DEPTH_LIMIT'));
            }
          },
        };
      }
    : ordinaryDepth;
  return [depth, ...shape.protect().validationRules];
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
