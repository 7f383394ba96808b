// npm run cycles: the cycles of the hub's import graph, type-only imports included (they tie
// the code together for a reader as much as the others). Two graphs: source files anywhere in
// src (what `madge --circular` reports), and feature folders (src/modules/<feature>), whose
// doors open one way (ENGINEERING.md, habit 11). Exits non-zero while either has a cycle.
// test/foundation/import-cycles.test.ts holds the graph to that.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type ImportEdge = { from: string; to: string; file: string; imported: string; typeOnly: boolean };

/** The module a source file belongs to, e.g. `modules/panel`, `graphql`, `index.ts`. */
export function moduleOf(srcDir: string, file: string): string {
  const parts = path.relative(srcDir, file).split(path.sep);
  if (parts[0] === 'modules' && parts.length > 2) return `modules/${parts[1]}`;
  return parts[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(file: string, spec: string): string | null {
  const base = path.resolve(path.dirname(file), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

// `import ... from './x'`, `export ... from './x'`, `import './x'`, `import('./x')` (relative only: packages are not modules of the hub).
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every import of one module by another, file by file. */
export function moduleEdges(srcDir: string, group: (srcDir: string, file: string) => string = moduleOf): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[4] ?? m[5] ?? m[6];
      const target = resolveImport(file, spec);
      if (!target || !target.startsWith(srcDir + path.sep)) continue;
      const from = group(srcDir, file);
      const to = group(srcDir, target);
      if (from === to) continue;
      const typeOnly = Boolean(m[2]) || (m[1] !== undefined && /^\{[^}]*\}$/.test(m[3]) && m[3].slice(1, -1).split(',').every((n) => !n.trim() || /^type\s/.test(n.trim())));
      edges.push({ from, to, file: path.relative(srcDir, file), imported: path.relative(srcDir, target), typeOnly });
    }
  }
  return edges;
}

/** Groups of modules that reach each other through imports (Tarjan's strongly connected components of more than one). */
export function moduleCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)!.add(e.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A readable account of the cycles: each group, and the imports that tie it together. */
export function describeCycles(edges: ImportEdge[], groups: string[][]): string {
  return groups
    .map((group) => {
      const inside = edges.filter((e) => group.includes(e.from) && group.includes(e.to));
      const lines = inside.map((e) => `    ${e.from} -> ${e.to}: ${e.file} imports ${e.imported}${e.typeOnly ? ' (types only)' : ''}`);
      return `cycle between ${group.join(', ')}:\n${[...new Set(lines)].sort().join('\n')}`;
    })
    .join('\n\n');
}

/** Groups files by themselves: the file-level graph, whose cycles `madge --circular` would report. */
export const fileOf = (srcDir: string, file: string): string => path.relative(srcDir, file);

/** Only the feature folders (src/modules/*): the doors between features. */
export const featureEdges = (edges: ImportEdge[]): ImportEdge[] => edges.filter((e) => e.from.startsWith('modules/') && e.to.startsWith('modules/'));

/** The cycles of both graphs: between source files anywhere in src, and between feature folders. */
export function importCycles(srcDir: string): { files: string[][]; features: string[][]; report: string } {
  const fileEdges = moduleEdges(srcDir, fileOf);
  const features = featureEdges(moduleEdges(srcDir));
  const files = moduleCycles(fileEdges);
  const featureGroups = moduleCycles(features);
  const report = [
    files.length ? `files:\n${describeCycles(fileEdges, files)}` : 'files: no cycle',
    featureGroups.length ? `feature folders:\n${describeCycles(features, featureGroups)}` : 'feature folders: no cycle',
  ].join('\n\n');
  return { files, features: featureGroups, report };
}

if (require.main === module) {
  // From src/scripts (ts) or dist/src/scripts (compiled): the sources are always read from the checkout's src/.
  const root = path.resolve(__dirname, '..', '..', ...(__filename.endsWith('.js') ? ['..'] : []));
  const { files, features, report } = importCycles(path.join(root, 'src'));
  console.log(report);
  if (files.length + features.length > 0) process.exit(1);
}
