import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCycles } from '../../src/scripts/import-cycles';

/*
 * Doors between modules open one way (ENGINEERING.md, habit 11): no cycle
 * between source files, and none between feature folders (src/modules/*), type
 * imports included. Services are wired in one composition root
 * (src/graphql/context.ts); where two modules need each other the shared part
 * is a smaller module (the case step engine, case-review/case-steps.ts) or is
 * handed in through a constructor typed by the receiving module.
 */
describe('the import graph (run `npm run cycles` to see the imports behind a cycle)', () => {
  const cycles = importCycles(path.join(__dirname, '..', '..', 'src'));

  it('has no cycle between source files', () => {
    expect(cycles.files).toEqual([]);
  });

  it('has no cycle between feature folders', () => {
    expect(cycles.features).toEqual([]);
  });

  it('has no service locator: src/graphql/services.ts is gone', () => {
    expect(existsSync(path.join(__dirname, '..', '..', 'src', 'graphql', 'services.ts'))).toBe(false);
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
