import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  typeFromAST,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { HUB_DOCUMENTS } from '../bench/shapes';

/*
 * The operations the query limits are calibrated on (test/hostile/limits.test.ts):
 * what clients really send, which must pass, and what an attacker sends, which
 * must be refused. Each is a document and its variables.
 */

export type Operation = { name: string; query: string; variables: Record<string, unknown> };

/** Every operation of schema/operations, each with the fragments it uses. */
export function clientOperations(): { name: string; document: DocumentNode }[] {
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
    .map((op) => ({ name: op.name!.value, document: { kind: Kind.DOCUMENT, definitions: [op, ...[...used(op)].map((n) => fragments.get(n)!)] } }));
}

/** A value of an input type that coerces (ids are random: a legitimate operation may well answer NOT_FOUND). */
function sample(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name);
  if (isListType(type)) return [sample(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type, f.name)]));
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return randomUUID();
    case 'Int':
      return name === 'first' ? 100 : name.endsWith('Year') ? 2024 : 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2026-03-01T09:00:00Z';
    case 'Date':
      return '2030-03-01';
    default:
      return 'x';
  }
}

/** Variables for every variable an operation declares (`first` at its maximum, 100), optional ones included. */
export function sampleVariables(schema: GraphQLSchema, document: DocumentNode): Record<string, unknown> {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return Object.fromEntries(
    (op.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType, v.variable.name.value)]),
  );
}

/** A type's scalar and enum fields (and lists of them) that take no required argument. */
function scalarFields(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => f.name);
}

/**
 * A full page (`first: 100`) of a connection: every scalar field of its node,
 * and every related object (a field of object type that is not a list) with
 * its scalar fields. Once with literals, once with variables.
 */
export function fullPages(schema: GraphQLSchema): Operation[] {
  const query = schema.getQueryType()!;
  const connections = Object.values(query.getFields()).filter((f) => getNamedType(f.type).name.endsWith('Connection'));
  return connections.flatMap((field) => {
    const connection = getNamedType(field.type) as GraphQLObjectType;
    const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
    const node = getNamedType(edge.getFields().node.type) as GraphQLObjectType;
    const related = Object.values(node.getFields())
      .filter((f) => isObjectType(getNullableType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
      .map((f) => `${f.name} { ${scalarFields(getNamedType(f.type) as GraphQLObjectType).join(' ')} }`);
    const selection = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${[...scalarFields(node), ...related].join(' ')} } }`;
    return [
      { name: `full page of ${field.name}, literal`, query: `{ ${field.name}(first: 100) { ${selection} } }`, variables: {} },
      { name: `full page of ${field.name}, variables`, query: `query($first: Int) { ${field.name}(first: $first) { ${selection} } }`, variables: { first: 100 } },
    ];
  });
}

/** Every legitimate operation: the clients' documents, the benchmark's shapes, and a full page of every connection. */
export function legitimateOperations(schema: GraphQLSchema): Operation[] {
  const bench = Object.entries(HUB_DOCUMENTS).map(([name, query]) => {
    const document = parse(query);
    return { name: `bench ${name}`, query: print(document), variables: sampleVariables(schema, document) };
  });
  return [
    ...clientOperations().map(({ name, document }) => ({ name, query: print(document), variables: sampleVariables(schema, document) })),
    ...bench,
    ...fullPages(schema),
    {
      name: "auditor's accessLog(first: 100) with actor and case",
      query: '{ accessLog(first: 100) { edges { node { id at action entity entityId actor { id displayName } case { id reference status } } } } }',
      variables: {},
    },
    {
      name: "contributor's incidents(first: 100) with natural fields",
      query: `query($n: Int) { incidents(first: $n) { edges { node { reference category occurredAt reportedAt summary location reporter { name } agency { code } } } } }`,
      variables: { n: 100 },
    },
    {
      name: "CST's caseReviews(first: 50) with names",
      query: `query($n: Int) { caseReviews(first: $n) { edges { node { reference status receivedAt responseDueOn applicant { name } victim { name } } } } }`,
      variables: { n: 50 },
    },
    {
      name: "a responder's work list (default page) with each case's incidents, requests and recommendations",
      query: `{ myInformationRequests { id agency { id } case { id reference status applicant { id name redacted } victim { id name dateOfBirth postcode redacted }
        incidents { id } informationRequests { id agency { id } } recommendations { id agency { id } } } } }`,
      variables: {},
    },
    {
      name: "a responder's full work lists (first: 100) with each case's reference, status and victim",
      query: `query($n: Int) { myRecommendations(first: $n) { id text status dueOn case { id reference status victim { name redacted } } }
        myInformationRequests(first: $n) { id question dueOn case { id reference status victim { name redacted } } } }`,
      variables: { n: 100 },
    },
    {
      name: "an owner's incident with its last 50 versions",
      query: `query($id: ID!) { incident(id: $id) { reference summary history(first: 50) { version summary location supersededAt reporter { name } } } }`,
      variables: { id: randomUUID() },
    },
  ];
}

/** A hostile operation, written once with literals and once with variables. */
type Hostile = { name: string; literal: string; withVariables: [string, Record<string, unknown>] };

const HISTORY_FRAGMENT = 'fragment H on CaseReview { id reference incidents { id reference summary location reporter { name postcode } agency { code } } events { at type note } recommendations { id text } informationRequests { id question } }';

export function hostileOperations(caseId = randomUUID()): Operation[] {
  const aliases = (n: number, body: (i: number) => string) => Array.from({ length: n }, (_, i) => body(i)).join(' ');
  const table: Hostile[] = [
    {
      name: 'eight whole case histories under aliases',
      literal: `{ ${aliases(8, (i) => `c${i}: caseReview(id: "${caseId}") { ...H }`)} } ${HISTORY_FRAGMENT}`,
      withVariables: [`query($id: ID!) { ${aliases(8, (i) => `c${i}: caseReview(id: $id) { ...H }`)} } ${HISTORY_FRAGMENT}`, { id: caseId }],
    },
    {
      name: 'four concurrent-recipe case histories: 20 aliases of one case',
      literal: `{ ${aliases(20, (i) => `c${i}: caseReview(id: "${caseId}") { incidents { summary reporter { name } } }`)} }`,
      withVariables: [`query($id: ID!) { ${aliases(20, (i) => `c${i}: caseReview(id: $id) { incidents { summary reporter { name } } }`)} }`, { id: caseId }],
    },
    {
      name: 'page-size bomb: first 1000000',
      literal: '{ incidents(first: 1000000) { edges { node { id summary } } } }',
      withVariables: ['query($n: Int) { incidents(first: $n) { edges { node { id summary } } } }', { n: 1_000_000 }],
    },
    {
      name: 'ten aliases of 100 incidents with their summaries and histories',
      literal: `{ ${aliases(10, (i) => `a${i}: incidents(first: 100) { edges { node { summary history { summary } } } }`)} }`,
      withVariables: [`query($n: Int) { ${aliases(10, (i) => `a${i}: incidents(first: $n) { edges { node { summary history { summary } } } }`)} }`, { n: 100 }],
    },
    {
      name: '100 incidents with 50 versions each',
      literal: '{ incidents(first: 100) { edges { node { summary history(first: 50) { summary } } } } }',
      withVariables: ['query($n: Int, $h: Int) { incidents(first: $n) { edges { node { summary history(first: $h) { summary } } } } }', { n: 100, h: 50 }],
    },
    {
      name: '100 cases with their incidents, recommendations, events and information requests',
      literal: `{ caseReviews(first: 100) { edges { node { ...H } } } } ${HISTORY_FRAGMENT}`,
      withVariables: [`query($n: Int) { caseReviews(first: $n) { edges { node { ...H } } } } ${HISTORY_FRAGMENT}`, { n: 100 }],
    },
    {
      name: '100 cases with their candidate incidents',
      literal: '{ caseReviews(first: 100) { edges { node { candidateIncidents { summary reporter { name } } } } } }',
      withVariables: ['query($n: Int) { caseReviews(first: $n) { edges { node { candidateIncidents { summary reporter { name } } } } } }', { n: 100 }],
    },
    {
      name: 'a page of the access log with each case whole',
      literal: '{ accessLog(first: 100) { edges { node { id case { incidents { summary } } } } } }',
      withVariables: ['query($n: Int) { accessLog(first: $n) { edges { node { id case { incidents { summary } } } } } }', { n: 100 }],
    },
    {
      name: 'a fragment bomb (each of 30 fragments spreads the next twice)',
      literal: `{ ...F30 } fragment F0 on Query { me { id } } ${Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ')}`,
      withVariables: [
        `query($n: Int) { ...F30 } fragment F0 on Query { incidents(first: $n) { totalCount } } ${Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ')}`,
        { n: 1 },
      ],
    },
    {
      name: 'deep nesting through a cycle (15 levels)',
      literal: `{ caseReviews(first: 100) { edges { node { ${'recommendations { case { '.repeat(6)}id${' } }'.repeat(6)} } } } }`,
      withVariables: [`query($n: Int) { caseReviews(first: $n) { edges { node { ${'recommendations { case { '.repeat(6)}id${' } }'.repeat(6)} } } } }`, { n: 100 }],
    },
    {
      name: 'alias flood (50 aliases)',
      literal: `{ ${aliases(50, (i) => `a${i}: incidents(first: 1) { totalCount }`)} }`,
      withVariables: [`query($n: Int) { ${aliases(50, (i) => `a${i}: incidents(first: $n) { totalCount }`)} }`, { n: 1 }],
    },
    {
      name: 'deep introspection (__schema types fields type, 8 ofType deep, inside types fields)',
      literal: `{ __schema { types { fields { type { fields { type { fields { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } } } } } } }`,
      withVariables: [
        `query($d: Boolean = true) { __schema { types { fields(includeDeprecated: $d) { type { fields(includeDeprecated: $d) { type { fields(includeDeprecated: $d) { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } } } } } } }`,
        { d: true },
      ],
    },
    {
      // graphql-js refuses fields/inputFields/interfaces/possibleTypes nested three deep itself; twice, crossed with args and enumValues, it does not.
      name: 'introspection that multiplies within the standard depth',
      literal: '{ __schema { types { fields { type { fields { args { type { enumValues { name description } } } } } } } } }',
      withVariables: [
        'query($d: Boolean) { __schema { types { fields(includeDeprecated: $d) { type { fields(includeDeprecated: $d) { args { type { enumValues(includeDeprecated: $d) { name description } } } } } } } } }',
        { d: true },
      ],
    },
  ];
  return table.flatMap((h) => [
    { name: `${h.name}, literal`, query: h.literal, variables: {} },
    { name: `${h.name}, variables`, query: h.withVariables[0], variables: h.withVariables[1] },
  ]);
}
