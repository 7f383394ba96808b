import type { ComplexityEstimator } from 'graphql-query-complexity';

/*
 * The cost of a query is what it can return (src/graphql/cost.ts adds it up
 * with the request's variables, before execution). Every field costs 1 and
 * every object its fields; a list costs its item's cost times the most items
 * it can hold: its page size (`first`, the default when absent) for a paged
 * list, a stated bound for any other. These helpers put that multiplier beside
 * each list field, as type-graphql's `complexity` option (read by
 * graphql-query-complexity's fieldExtensionsEstimator).
 */

/** A paged list (connection or plain list with `first`): one item's cost times the page size asked for. */
export function pageCost(defaultFirst: number): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' && args.first >= 0 ? args.first : defaultFirst;
    return 1 + Math.max(1, first) * childComplexity;
  };
}

/** A list with no page argument: one item's cost times the most items it can hold (`bound`, stated beside the field). */
export function boundedList(bound: number): ComplexityEstimator {
  // Caught at startup: a bound imported before its module finished loading is undefined.
  if (!Number.isInteger(bound) || bound < 1) throw new Error(`a list bound must be a positive integer, got ${bound}`);
  return ({ childComplexity }) => 1 + bound * Math.max(1, childComplexity);
}

/**
 * Free text longer than an ordinary scalar: 1 per 1000 characters it may hold,
 * so a page of 10,000-character summaries costs what it weighs.
 */
export function textCost(maxChars: number): number {
  return Math.max(1, Math.ceil(maxChars / 1000));
}
