import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCycles } from '../../src/scripts/import-cycles';

/*
 * Doors between modules open one way (ENGINEERING.md, habit 11). The cycles
 * below are the ones the code has today (issue 13): the service locator
 * (src/graphql/services.ts, which imports every service and which every
 * service imports), and feature folders that import each other. This is a
 * ratchet: a new cycle fails the test, and so does removing a known one, so
 * that the list shrinks with the code. When both lists are empty the test
 * says what it always meant: no cycle. `npm run cycles` shows the imports
 * behind each one.
 */
const KNOWN_FILE_CYCLES: string[][] = [
  [
    'graphql/services.ts',
    'modules/access-log/access-log.service.ts',
    'modules/agency/agency.service.ts',
    'modules/case-review/case-review.service.ts',
    'modules/incident/incident.service.ts',
    'modules/information-request/information-request.service.ts',
    'modules/panel/panel.service.ts',
    'modules/partnership/partnership.service.ts',
    'modules/recommendation/recommendation.service.ts',
    'modules/statistics/statistics.service.ts',
    'modules/user/user.service.ts',
  ],
];
const KNOWN_FEATURE_CYCLES: string[][] = [
  [
    'modules/access-log',
    'modules/case-review',
    'modules/incident',
    'modules/information-request',
    'modules/panel',
    'modules/partnership',
    'modules/recommendation',
  ],
  ['modules/agency', 'modules/user'],
];

describe('the import graph (run `npm run cycles` to see the imports behind a cycle)', () => {
  const cycles = importCycles(path.join(__dirname, '..', '..', 'src'));

  it('has no cycle between source files but the known ones', () => {
    expect(cycles.files).toEqual(KNOWN_FILE_CYCLES);
  });

  it('has no cycle between feature folders but the known ones', () => {
    expect(cycles.features).toEqual(KNOWN_FEATURE_CYCLES);
  });

  it('finds a cycle where there is one, type-only imports included (the walker is not blind)', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'hub-cycles-'));
    try {
      for (const dir of ['modules/a', 'modules/b', 'graphql']) mkdirSync(path.join(src, dir), { recursive: true });
      writeFileSync(path.join(src, 'modules/a/a.service.ts'), "import type { B } from '../b/b.service';\nexport type A = B;\n");
      writeFileSync(path.join(src, 'modules/b/b.service.ts'), "import {\n  type C,\n} from '../../graphql/c';\nexport type B = C;\n");
      writeFileSync(path.join(src, 'graphql/c.ts'), "export { type A as C } from '../modules/a/a.service';\n");
      const found = importCycles(src);
      expect(found.files).toEqual([['graphql/c.ts', 'modules/a/a.service.ts', 'modules/b/b.service.ts']]);
      expect(found.features).toEqual([]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
