import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  Kind,
  Lexer,
  parse,
  print,
  Source,
  TokenKind,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { loadConfig } from '../../src/config';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/limits';
import { buildHubSchema } from '../../src/graphql/schema';
import { IDE_INTROSPECTION_QUERY } from '../../src/http/ide';

/** depth, cost, aliases, directives (as the limits count them) and tokens of one document. */
function measure(schema: GraphQLSchema, doc: DocumentNode) {
  const found: Record<string, number> = {};
  const seen = (key: string) => ({ onAccept: [(_: unknown, d: { n: number }) => (found[key] = Math.max(found[key] ?? 0, d.n))], propagateOnRejection: false });
  const { validationRules } = new ApolloArmor({
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: 1e9, flattenFragments: true, ignoreIntrospection: false, ...seen('depth') },
    costLimit: { maxCost: 1e12, flattenFragments: true, ignoreIntrospection: false, ...seen('cost') },
    maxAliases: { n: 1e9, ...seen('aliases') },
    maxDirectives: { n: 1e9, ...seen('directives') },
  }).protect();
  validate(schema, doc, validationRules);
  const lexer = new Lexer(new Source(doc.definitions.map((d) => print(d)).join('\n')));
  let tokens = 0;
  while (lexer.advance().kind !== TokenKind.EOF) tokens++;
  return { ...found, tokens } as { depth: number; cost: number; aliases: number; directives: number; tokens: number };
}

/** Every operation of schema/operations, each with the fragments it uses. */
function operations(): [string, DocumentNode][] {
  const dir = path.join(__dirname, '..', '..', 'schema', 'operations');
  const definitions = readdirSync(dir).flatMap((file) => parse(readFileSync(path.join(dir, file), 'utf8')).definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const used = (node: OperationDefinitionNode | FragmentDefinitionNode, names = new Set<string>()): Set<string> => {
    visit(node, {
      FragmentSpread(spread) {
        if (names.has(spread.name.value)) return;
        names.add(spread.name.value);
        used(fragments.get(spread.name.value)!, names);
      },
    });
    return names;
  };
  return definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => [op.name!.value, { kind: Kind.DOCUMENT, definitions: [op, ...[...used(op)].map((n) => fragments.get(n)!)] }]);
}

describe('query limits', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it('leave every operation the clients use (and the IDE) at most half of each limit', () => {
    const docs: [string, DocumentNode][] = [...operations(), ['IDE schema', parse(IDE_INTROSPECTION_QUERY)]];
    expect(docs.length).toBeGreaterThan(30);
    for (const [name, doc] of docs) {
      const m = measure(schema, doc);
      const within = {
        depth: m.depth <= DEFAULT_QUERY_LIMITS.maxDepth,
        cost: m.cost <= DEFAULT_QUERY_LIMITS.maxCost / 2,
        aliases: m.aliases <= DEFAULT_QUERY_LIMITS.maxAliases / 2,
        directives: m.directives <= DEFAULT_QUERY_LIMITS.maxDirectives / 2,
        tokens: m.tokens <= DEFAULT_QUERY_LIMITS.maxTokens / 2,
      };
      expect({ name, ...m, within }).toEqual({ name, ...m, within: { depth: true, cost: true, aliases: true, directives: true, tokens: true } });
      // The clients' own operations are shallow: twice their depth is still within the limit.
      if (name !== 'IDE schema') expect(m.depth * 2).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDepth);
    }
  });

  it('are the configuration defaults, and can be changed by environment variables', () => {
    const base = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/x', AUTH_JWT_SECRET: 'x'.repeat(40) } as const;
    expect(loadConfig(base).limits.query).toEqual(DEFAULT_QUERY_LIMITS);
    const changed = loadConfig({ ...base, QUERY_MAX_DEPTH: '7', QUERY_MAX_COST: '900', RATE_LIMIT_PER_USER: '0', TRUST_PROXY: 'loopback', MAX_BODY_BYTES: '65536' });
    expect(changed.limits).toMatchObject({ query: { maxDepth: 7, maxCost: 900 }, rateLimit: { perUser: 0, perAddress: 1200 }, trustProxy: 'loopback', maxBodyBytes: 65536 });
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).limits.trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).limits.trustProxy).toBe(true);
    expect(() => loadConfig({ ...base, QUERY_MAX_DEPTH: '0' })).toThrow(/QUERY_MAX_DEPTH/);
  });
});
