import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildHubSchema, printHubSchema } from '../../src/graphql/schema';

const root = path.join(__dirname, '..', '..');
const contractTool = path.join(root, '..', 'shared', 'tools', 'check-contract.mjs');

describe('schema/schema.graphql', () => {
  it('is what the code serves (run `npm run schema:emit` and commit it when this fails)', async () => {
    const committed = readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8');
    expect(printHubSchema(await buildHubSchema())).toBe(committed);
  });

  it('has generated typed documents that match schema/operations (run `npm run codegen` when this fails)', () => {
    // --check exits non-zero when the generated file would change, or an operation no longer fits the schema.
    expect(() =>
      execFileSync(process.execPath, [path.join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.yml', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  // The contract lives beside the checkout (../shared), as in CI; a lone clone has no contract to check.
  (existsSync(contractTool) ? it : it.skip)('keeps the organisation part of the contract', () => {
    let gaps = '';
    try {
      execFileSync('node', [contractTool, 'schema/schema.graphql'], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      gaps = String((error as { stdout?: string }).stdout ?? '');
    }
    const organisation = /^(missing type )?(Agency|AgencyKind|Partnership|ThresholdRule|ThresholdRuleInput|User|Role|CreateAgencyInput|CreatePartnershipInput|CreateUserInput)\b|^(Query\.(me|agencies|partnerships|partnership)|Mutation\.(createAgency|createPartnership|addAgencyToPartnership|createUser))\b|^enum (Role|AgencyKind)|^input (CreateAgencyInput|CreatePartnershipInput|CreateUserInput|ThresholdRuleInput)/;
    expect(gaps.split('\n').filter((line) => organisation.test(line.trim()))).toEqual([]);
  });
});
