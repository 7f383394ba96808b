import { GraphQLError } from 'graphql';
import { HubError } from '../../src/common/errors';
import { formatError } from '../../src/graphql/errors';

describe('error masking', () => {
  it('keeps our typed errors with their code and field', () => {
    const error = new HubError('NOT_FOUND', 'No such case', 'CASE_NOT_FOUND', 'caseId');
    const formatted = formatError({ message: error.message, path: ['caseReview'], extensions: error.extensions }, error);
    expect(formatted).toEqual({
      message: 'No such case',
      path: ['caseReview'],
      locations: undefined,
      extensions: { code: 'NOT_FOUND', reason: 'CASE_NOT_FOUND', field: 'caseId' },
    });
  });

  it('masks anything else as INTERNAL_SERVER_ERROR with no message, SQL or stack', () => {
    const sqlError = new GraphQLError('duplicate key value violates unique constraint "UQ_x" (email)=(victim@example.test)', {
      path: ['createUser'],
      originalError: Object.assign(new Error('QueryFailedError: INSERT INTO app_user ...'), { stack: 'at pg/lib/client.js' }),
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg/lib/client.js'] },
    });
    const formatted = formatError({ message: sqlError.message, path: sqlError.path, extensions: sqlError.extensions }, sqlError);
    expect(formatted).toEqual({ message: 'Internal server error', path: ['createUser'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(formatted)).not.toMatch(/victim|INSERT|pg\/lib/);
  });

  it('does not let a resolver pass off an Apollo request code as its own', () => {
    const spoof = new GraphQLError('secret detail', { path: ['me'], extensions: { code: 'BAD_USER_INPUT' } });
    const formatted = formatError({ message: spoof.message, path: spoof.path, extensions: spoof.extensions }, spoof);
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
