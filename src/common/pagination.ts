import { Field, ObjectType } from 'type-graphql';
import { CommonErrors } from './errors';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;
/**
 * A caller's work list (myInformationRequests, myRecommendations, earliest
 * first): `first` items, 25 unless asked, at most 100. Each item may carry its
 * whole case, so the page size is what keeps the list's cost in bounds.
 */
export const MINE_DEFAULT = 25;
export const MAX_MINE = 100;

/** `first` between 0 and 100; anything else is bad input. */
export function checkFirst(first: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw CommonErrors.BAD_INPUT('first', `first must be between 0 and ${max}`);
  }
  return first;
}

/** Opaque cursors: base64url of the sort key, so clients cannot build or read them. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * What each part of a cursor must be, checked before it reaches SQL: a part
 * PostgreSQL would refuse to cast (a tampered `["1 OR 1=1"]` for a bigint id)
 * is the caller's bad input, not an internal error.
 */
export type CursorPart = 'timestamp' | 'uuid' | 'bigint' | 'position' | 'flag';

const CURSOR_PART: Record<CursorPart, (value: unknown) => boolean> = {
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  bigint: (v) => typeof v === 'string' && /^[1-9]\d{0,18}$/.test(v) && BigInt(v) <= 9223372036854775807n,
  /** A 1-based place within a row, e.g. an id's within an access-log row. */
  position: (v) => typeof v === 'string' && /^[1-9]\d{0,8}$/.test(v),
  /** A yes/no sort key ('1' or '0'), e.g. a case's HIGH risk. */
  flag: (v) => v === '0' || v === '1',
};

/** The parts of a cursor this list gave out; anything else answers BAD_USER_INPUT naming `after`. */
export function decodeCursor(cursor: string, shape: CursorPart[], field = 'after'): string[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === shape.length && parts.every((p, i) => CURSOR_PART[shape[i]](p))) return parts as string[];
  } catch {
    // fall through to the refusal below
  }
  throw CommonErrors.BAD_INPUT(field, 'Not a cursor this list gave out');
}

/** A list's total: a number, or a count that runs only when the query selects totalCount. */
export type TotalCount = number | PromiseLike<number>;

/**
 * A total counted only if the query asks for it. graphql-js awaits a field's
 * value when the field is selected; when it is not, `then` is never called and
 * no count runs. Counting every visible row is the one part of a page whose
 * cost grows with the data, and most pages do not show it.
 */
export function countWhenAsked(count: () => Promise<number>): PromiseLike<number> {
  let started: Promise<number> | undefined;
  return {
    then: <A = number, B = never>(onFulfilled?: ((n: number) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) =>
      (started ??= count()).then(onFulfilled, onRejected),
  };
}

/**
 * A Relay-style page from the `first + 1` rows a list fetched (the extra row
 * only says there is a next page), in fetch order. `edgeOf` gives each shown
 * row's cursor parts and node, or null to leave it out.
 */
export function connectionOf<R, N>(
  rows: readonly R[],
  first: number,
  totalCount: TotalCount,
  edgeOf: (row: R, index: number) => { cursor: (string | number)[]; node: N } | null,
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfo; totalCount: TotalCount } {
  const edges = rows.slice(0, first).flatMap((row, i) => {
    const edge = edgeOf(row, i);
    return edge ? [{ cursor: encodeCursor(edge.cursor), node: edge.node }] : [];
  });
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
