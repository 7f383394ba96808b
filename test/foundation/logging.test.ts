import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger } from '../../src/common/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs carry no personal data', () => {
  it("keeps a database error's SQLSTATE and constraint, not its message, detail, query or parameters", () => {
    const { log, text } = capture();
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "UQ_email"'), {
      code: '23505',
      constraint: 'UQ_email',
      table: 'app_user',
      detail: 'Key (email)=(alex.victim@example.test) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO person (name, postcode) VALUES ($1, $2)', ['Alex Victim', 'ME4 4TR'], driverError);
    log.error({ err: error, actorId: 'some-user-id' }, 'unexpected error');
    const out = text();
    expect(out).toContain('"sqlstate":"23505"');
    expect(out).toContain('"constraint":"UQ_email"');
    expect(out).toContain('some-user-id');
    for (const secret of ['alex.victim@example.test', 'Alex Victim', 'ME4 4TR', 'INSERT INTO', 'duplicate key']) expect(out).not.toContain(secret);
  });

  it('redacts tokens, variables, emails and names passed by mistake', () => {
    const { log, text } = capture();
    log.info({ token: 'eyJhbGciOi.secret', variables: { victim: 'Alex Victim' }, user: { email: 'a@b.test', name: 'Alex Victim' } }, 'oops');
    expect(text()).not.toMatch(/eyJhbGciOi|Alex Victim|a@b\.test/);
  });
});
