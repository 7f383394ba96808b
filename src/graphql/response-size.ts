import { defaultFieldResolver, getNamedType, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';
import { HubError } from '../common/errors';

/*
 * The answer's size, counted while it is resolved: every field adds an
 * estimate of its bytes in the JSON answer (its name, and a leaf's value), so
 * an answer that would pass MAX_RESPONSE_BYTES is stopped while it is being
 * built, long before it is serialised; the hub answers QUERY_TOO_COMPLEX with
 * reason RESPONSE_TOO_LARGE and nothing else. The query cost refuses most such
 * queries before they run; this is the measure of what the data really holds
 * (a case's 200 summaries of 10,000 characters each). All answers being built
 * at once also share one budget (`SharedBudget`), so many large answers
 * together cannot exhaust the heap either.
 */

/** Bytes of every answer being built in this process. */
export class SharedBudget {
  bytes = 0;
  constructor(readonly max: number) {}
}

export class ResponseBudget {
  bytes = 0;
  exceeded: 'RESPONSE_TOO_LARGE' | 'HUB_BUSY' | null = null;
  private released = false;
  constructor(
    readonly max: number,
    private readonly shared: SharedBudget,
  ) {}

  add(bytes: number): void {
    if (this.released) return;
    this.bytes += bytes;
    this.shared.bytes += bytes;
    if (this.bytes > this.max) this.exceeded = 'RESPONSE_TOO_LARGE';
    else if (this.shared.bytes > this.shared.max) this.exceeded = 'HUB_BUSY';
  }

  /** Gives the answer's bytes back to the shared budget (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.shared.bytes -= this.bytes;
  }

  refusal(): HubError {
    const error =
      this.exceeded === 'HUB_BUSY'
        ? new HubError('QUERY_TOO_COMPLEX', 'The hub is building too many large answers at once; ask for less or retry shortly', 'RESPONSE_BUDGET_EXHAUSTED')
        : new HubError('QUERY_TOO_COMPLEX', `The answer would be larger than ${this.max} bytes; ask for smaller pages or fewer fields`, 'RESPONSE_TOO_LARGE');
    Object.assign(error.extensions, { http: { status: 400 } });
    return error;
  }
}

/** Where the request's budget travels in the context (a symbol: Apollo copies the context for its hooks). */
export const RESPONSE_BUDGET = Symbol('response budget');

type WithBudget = { [RESPONSE_BUDGET]?: ResponseBudget };

/** A leaf value's bytes in the JSON answer, roughly (strings by length, the rest by a small constant). */
function leafBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + leafBytes(v) + 1, 2);
  if (value instanceof Date) return 26;
  return 8;
}

/**
 * Wraps every field's resolver to count the answer's bytes against the
 * request's budget, when the context carries one; once over, every further
 * field fails at once, and the server replaces the answer with the refusal.
 */
export function countResponseSize(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const leaf = isLeafType(getNamedType(field.type));
      const nameBytes = field.name.length + 4;
      field.resolve = (source, args, context: WithBudget, info) => {
        const budget = context?.[RESPONSE_BUDGET];
        if (!budget) return resolve(source, args, context, info);
        if (budget.exceeded) throw budget.refusal();
        budget.add(nameBytes);
        const value = resolve(source, args, context, info);
        if (!leaf) return value;
        if (value instanceof Promise) return value.then((v) => (budget.add(leafBytes(v)), v));
        budget.add(leafBytes(value));
        return value;
      };
    }
  }
  return schema;
}
