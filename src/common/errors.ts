import { GraphQLError } from 'graphql';

/** The error codes of the public contract (contract.graphql, "Errors"). */
export type ContractCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'QUERY_TOO_COMPLEX';

/** Every refusal the hub means to give. Anything that is not a HubError is masked at one point. */
export class HubError extends GraphQLError {
  constructor(
    readonly code: ContractCode,
    message: string,
    readonly reason: string,
    readonly field?: string,
  ) {
    super(message, { extensions: { code, reason, ...(field ? { field } : {}) } });
    this.name = 'HubError';
  }
}

type ErrorSpec = readonly [code: ContractCode, message: string];

/**
 * Declares a module's error codes, each mapped to one contract code: the table
 * is the exhaustive mapping. `Errors.NOT_FOUND()` builds the GraphQL error;
 * `Errors.CODE_TAKEN('input.code')` names the offending input path.
 */
export function defineErrors<K extends string>(module: string, specs: Record<K, ErrorSpec>) {
  const out = {} as Record<K, (field?: string, message?: string) => HubError>;
  for (const key of Object.keys(specs) as K[]) {
    const [code, message] = specs[key];
    out[key] = (field?: string, detail?: string) => new HubError(code, detail ?? message, `${module}_${key}`, field);
  }
  return out;
}

/** Refusals that belong to no single module. */
export const CommonErrors = defineErrors('COMMON', {
  UNAUTHENTICATED: ['UNAUTHENTICATED', 'A valid bearer token is required'],
  FORBIDDEN: ['FORBIDDEN', 'Your role does not allow this'],
  BAD_INPUT: ['BAD_USER_INPUT', 'Invalid input'],
  BAD_ID: ['BAD_USER_INPUT', 'Not a valid id'],
  CONFLICT: ['CONFLICT', 'The record was changed by someone else; reload and try again'],
});
