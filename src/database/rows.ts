import type { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * Plain rows to entities, for the hot loaders (a page of incidents, a case's
 * incidents, their reporters, agencies). TypeORM's query builder builds its SQL
 * on every call and hydrates each row through its generic transformer: about 8%
 * of the hub's CPU on a page of 100 incidents. These loaders write their
 * statement once, with parameters, select an entity's columns under an alias
 * (`alias_column`), and build here the objects TypeORM would build: made as
 * its hydration makes them, every column set in the metadata's order, values
 * converted by the driver where the column type needs it (a `date` to its
 * YYYY-MM-DD string) and otherwise as pg parsed them.
 * Row-level security is untouched: the statements run on the request's
 * connection like any other.
 */

/** Column types the pg driver already returns as TypeORM would hydrate them (its prepareHydratedValue leaves them alone). */
const AS_IS = new Set(['uuid', 'text', 'varchar', 'character varying', 'timestamptz', 'timestamp with time zone', 'int', 'integer', 'int4', 'boolean', 'bool', 'json', 'jsonb']);

/**
 * Whether the driver's value is the entity's: a type in AS_IS, or an enum of
 * strings (TypeORM turns an enum's value into a number only where the enum
 * holds that number).
 */
function asIs(c: ColumnMetadata): boolean {
  if (c.isArray || c.transformer) return false;
  if (c.type === 'enum') return (c.enum ?? []).every((value) => typeof value === 'string');
  return typeof c.type === 'string' && AS_IS.has(c.type);
}

type Column = { property: string; key: string; hydrate: ((value: unknown) => unknown) | null };

/** An entity's columns in a statement under one alias: what to select and how to read a row back. */
export type RowShape<T> = {
  /** The entity's table, quoted. */
  readonly table: string;
  /** `"alias"."column" AS "alias_column", ...`: every column of the entity. */
  readonly select: string;
  /** The entity from a row, or null when the row has none under this alias (a LEFT JOIN that found nothing). */
  read(row: Record<string, unknown>): T | null;
};

/**
 * A module's table joined into another module's statement (an incident page
 * joins its reporters and agencies): the owning module names the columns and
 * puts what was read into its own loader, so the table stays its own.
 */
export type Joined = {
  readonly table: string;
  readonly select: string;
  /** Hands the row's entity under this alias (if any) to the owning module's loader. */
  prime(row: Record<string, unknown>): void;
};

/** `shape` as a Joined whose rows prime `loader` (a DataLoader keyed by id). */
export function joined<T extends { id: string }>(shape: RowShape<T>, loader: { prime(id: string, value: T): unknown }): Joined {
  return {
    table: shape.table,
    select: shape.select,
    prime(row) {
      const entity = shape.read(row);
      if (entity) loader.prime(entity.id, entity);
    },
  };
}

/** The entities of `ids` that the caller may read (row-level security decides), in no particular order. */
export async function readByIds<T>(manager: EntityManager, entity: new () => T, ids: readonly string[]): Promise<T[]> {
  const shape = rowShape(manager, entity, 'e');
  const rows: Record<string, unknown>[] = await manager.query(`SELECT ${shape.select} FROM ${shape.table} e WHERE e.id = ANY($1::uuid[])`, [[...ids]]);
  return rows.map((row) => shape.read(row)!);
}

const shapes = new WeakMap<DataSource, Map<Function, Map<string, RowShape<unknown>>>>();

/** The shape of `entity` under `alias` (built once per data source, entity and alias). */
export function rowShape<T>(manager: EntityManager, entity: new () => T, alias: string): RowShape<T> {
  const dataSource = manager.connection;
  let byEntity = shapes.get(dataSource);
  if (!byEntity) shapes.set(dataSource, (byEntity = new Map()));
  let byAlias = byEntity.get(entity);
  if (!byAlias) byEntity.set(entity, (byAlias = new Map()));
  let shape = byAlias.get(alias) as RowShape<T> | undefined;
  if (!shape) {
    shape = buildShape(dataSource, entity, alias);
    byAlias.set(alias, shape as RowShape<unknown>);
  }
  return shape;
}

function buildShape<T>(dataSource: DataSource, entity: new () => T, alias: string): RowShape<T> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  const selected = metadata.columns.filter((c) => c.isSelect && !c.isVirtual && !c.embeddedMetadata);
  const columns: Column[] = selected.map((c: ColumnMetadata) => ({
    property: c.propertyName,
    key: `${alias}_${c.databaseName}`,
    hydrate: asIs(c) ? null : (value) => driver.prepareHydratedValue(value, c),
  }));
  const primary = `${alias}_${metadata.primaryColumns[0].databaseName}`;
  // As TypeORM's hydration: through the constructor (the class's fields, relations included, as own
  // properties), unless the entity opted out of it.
  const create = metadata.isAlwaysUsingConstructor ? () => new entity() : () => Object.create(entity.prototype as object) as T;
  return {
    table: `"${metadata.tableName}"`,
    select: selected.map((c) => `"${alias}"."${c.databaseName}" AS "${alias}_${c.databaseName}"`).join(', '),
    read(row) {
      if (row[primary] === null || row[primary] === undefined) return null;
      const record = create() as Record<string, unknown>;
      for (const column of columns) {
        const value = row[column.key];
        if (value === undefined) continue;
        record[column.property] = column.hydrate ? column.hydrate(value) : value;
      }
      return record as T;
    },
  };
}
