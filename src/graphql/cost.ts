import {
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  isObjectType,
  isInputObjectType,
  isEnumType,
  isInterfaceType,
  isUnionType,
  Kind,
  parse,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { HubError } from '../common/errors';

/*
 * The cost of an operation, computed with the request's variables before it
 * runs (graphql-query-complexity, the library type-graphql's `complexity`
 * option is written for). Each field costs 1 plus its selection; each list
 * field multiplies its item's cost by what it can hold, as stated beside the
 * field (src/common/cost.ts: `first` or the default for a page, a bound for
 * any other list, weight for long free text). Fragments count once per use, so
 * a fragment bomb costs what it would return (and stops at MAX_NODES).
 */

/** Fields visited while costing one operation; a document that expands past this is refused as too complex. */
const MAX_NODES = 20_000;

const INTROSPECTION_ROOT_FIELDS = new Set(['__schema', '__type', '__typename']);

/** The refusal every cost check gives: QUERY_TOO_COMPLEX, HTTP 400, nothing run. */
function tooComplex(message: string, reason: string): HubError {
  const error = new HubError('QUERY_TOO_COMPLEX', message, reason);
  // Read by Apollo for the HTTP status, and removed from the answer there.
  Object.assign(error.extensions, { http: { status: 400 } });
  return error;
}

/**
 * True when every operation of the document asks only for introspection root
 * fields, by field name (an alias named __schema, or an operation named
 * __schema, is not introspection) and without fragment spreads at the root.
 */
export function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;
  return (
    chosen.length > 0 &&
    chosen.every(
      (op) =>
        op.operation === 'query' &&
        op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && INTROSPECTION_ROOT_FIELDS.has(s.name.value)),
    )
  );
}

/** Deepest nesting of fields (fragments flattened; a fragment cycle, refused elsewhere, is not followed twice). */
export function documentDepth(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1);
      else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
      else if (!seen.has(s.name.value)) {
        deepest = Math.max(deepest, depthOf(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value])));
      }
    }
    return deepest;
  };
  return Math.max(
    0,
    ...document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION).map((op) => depthOf(op.selectionSet, new Set())),
  );
}

/**
 * Introspection's lists, bounded by the schema itself: `types` by the number
 * of types, `fields` by the most fields a type has, and so on. A cyclic
 * introspection query (types { fields { type { fields ... } } }) costs what it
 * would return.
 */
function introspectionEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const types = Object.values(schema.getTypeMap());
  const most = (count: (t: (typeof types)[number]) => number) => Math.max(1, ...types.map(count));
  const bounds: Record<string, number> = {
    types: types.length,
    directives: schema.getDirectives().length,
    fields: most((t) => (isObjectType(t) || isInterfaceType(t) ? Object.keys(t.getFields()).length : 0)),
    inputFields: most((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0)),
    enumValues: most((t) => (isEnumType(t) ? t.getValues().length : 0)),
    interfaces: most((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0)),
    possibleTypes: most((t) => (isUnionType(t) ? t.getTypes().length : isInterfaceType(t) ? schema.getPossibleTypes(t).length : 0)),
    args: Math.max(
      most((t) => (isObjectType(t) || isInterfaceType(t) ? Math.max(0, ...Object.values(t.getFields()).map((f) => f.args.length)) : 0)),
      ...schema.getDirectives().map((d) => d.args.length),
    ),
    locations: 20,
  };
  return ({ type, field, childComplexity }) => {
    if (!type.name.startsWith('__') || !isListType(getNullableType(field.type))) return undefined;
    const bound = bounds[field.name] ?? types.length;
    return 1 + bound * Math.max(1, childComplexity);
  };
}

export type CostModel = {
  /** The operation's cost with these variables; throws QUERY_TOO_COMPLEX when it expands past MAX_NODES. */
  cost(document: DocumentNode, variables?: Record<string, unknown> | null, operationName?: string | null): number;
  /** The standard introspection query of graphql-js, every option on: the most introspection development allows. */
  introspection: { cost: number; depth: number };
};

/** The cost model of one schema. */
export function costModel(schema: GraphQLSchema): CostModel {
  const estimators = [introspectionEstimator(schema), fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];
  const cost: CostModel['cost'] = (document, variables, operationName) => {
    try {
      return getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators, maxQueryNodes: MAX_NODES });
    } catch (error) {
      throw tooComplex(`Query too complex: ${(error as Error).message}`, 'QUERY_NODE_LIMIT');
    }
  };
  const standard = parse(
    getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
  );
  return { cost, introspection: { cost: cost(standard), depth: documentDepth(standard) } };
}

/**
 * The variables as the cost sees them. A cost reads only scalar arguments
 * (`first`: src/common/cost.ts), never a list of input objects, so such a
 * variable is costed as an empty list: a batch of 1000 incidents is then
 * coerced once (by execution), not three times (here, in graphql-query-complexity,
 * and in execution), which was a tenth of the hub's CPU per batch. Whether the
 * real value coerces is left to execution, as for any variable.
 */
function variablesThatCost(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let costed: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    const nullable = type && getNullableType(type);
    if (!nullable || !isListType(nullable) || !isInputObjectType(getNamedType(nullable)) || !Array.isArray(variables[name])) continue;
    costed ??= { ...variables };
    costed[name] = [];
  }
  return costed ?? variables;
}

/**
 * Refuses, before anything runs, an operation whose cost with these variables
 * is over `maxCost`; in development an introspection-only operation is held to
 * the standard introspection query's own cost and depth instead. Variables that
 * do not coerce are left to execution, which refuses them before any resolver.
 */
export function checkCost(
  model: CostModel,
  limits: { maxCost: number; introspection: boolean },
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined | null,
  operationName: string | undefined | null,
): number | undefined {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return undefined;
  const costed = variablesThatCost(schema, operation, variables ?? {});
  if ((getVariableValues(schema, operation.variableDefinitions ?? [], costed).errors ?? []).length > 0) return undefined;
  const cost = model.cost(document, costed, operationName);
  if (limits.introspection && isIntrospectionOnly(document, operationName)) {
    if (cost > model.introspection.cost) throw tooComplex(`Query too complex: introspection costlier than the standard introspection query`, 'QUERY_COST_LIMIT');
    return cost;
  }
  if (cost > limits.maxCost) throw tooComplex(`Query too complex: cost ${cost} over ${limits.maxCost}`, 'QUERY_COST_LIMIT');
  return cost;
}
