import { validate, type ValidationError } from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { ValidatorFn } from 'type-graphql';
import { HubError } from '../common/errors';

/**
 * Validates input objects with their class-validator decorators and answers the
 * first failure as BAD_USER_INPUT whose `field` is the input path, e.g.
 * `input.thresholdRules.0.minReports` or `incidents.12.reference`.
 */
export const validateArgument: ValidatorFn = async (value, argType, { info }) => {
  if (value === null || value === undefined || typeof argType !== 'function') return;
  const argName = argumentName(info, (argType as { name: string }).name);
  const items: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [`${argName}.${i}`, item])
    : [[argName, value]];
  for (const [path, item] of items) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item as object, { forbidUnknownValues: false, validationError: { target: false, value: false } });
    if (errors.length > 0) {
      const [field, message] = firstFailure(errors[0], path);
      throw new HubError('BAD_USER_INPUT', `Invalid ${field}: ${message}`, 'COMMON_INVALID_INPUT', field);
    }
  }
};

function argumentName(info: GraphQLResolveInfo, typeName: string): string {
  const field = info.parentType.getFields()[info.fieldName];
  return field?.args.find((arg) => getNamedType(arg.type).name === typeName)?.name ?? 'input';
}

function firstFailure(error: ValidationError, prefix: string): [string, string] {
  const path = `${prefix}.${error.property}`;
  if (error.constraints) return [path, Object.values(error.constraints)[0]];
  if (error.children && error.children.length > 0) return firstFailure(error.children[0], path);
  return [path, 'invalid value'];
}
