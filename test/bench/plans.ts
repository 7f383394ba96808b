import type { Client } from 'pg';

/*
 * EXPLAIN for the statements a shape ran (as pg_stat_statements recorded them,
 * with $n parameters): each is planned generically (PostgreSQL 16+), as the
 * hub's role with the shape's caller set, so the row-level security policies
 * are in the plan. A sequential scan of a table that grows with the data is
 * what keeps latency from staying flat, so it is reported by name.
 */

const GROWING_TABLES = new Set([
  'incident', 'incident_revision', 'person', 'case_review', 'case_incident', 'case_event',
  'information_request', 'panel', 'panel_member', 'recommendation', 'access_log',
]);

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

function seqScans(node: PlanNode, found: Set<string>): void {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && GROWING_TABLES.has(node['Relation Name'])) found.add(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, found);
}

export type PlanCheck = {
  statements: number;
  explained: number;
  seqScans: string[];
  /** Each statement with a sequential scan, shortened, after the tables it scans. */
  seqScanStatements: string[];
};

/** Statements recorded since the last pg_stat_statements reset, for this database. */
export async function recordedStatements(stats: Client): Promise<string[]> {
  const { rows } = await stats.query(
    `SELECT query FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
       AND query ~* '^\\s*(WITH|SELECT|INSERT|UPDATE|DELETE)' AND query !~* 'set_config|hub_append_access_log'`,
  );
  return rows.map((r: { query: string }) => r.query);
}

export async function checkPlans(stats: Client, statements: string[], userId: string | null): Promise<PlanCheck> {
  const found = new Set<string>();
  const scanning: string[] = [];
  let explained = 0;
  for (const sql of statements) {
    await stats.query('BEGIN');
    try {
      if (userId) {
        await stats.query(`SELECT set_config('hub.user_id', $1, true)`, [userId]);
        await stats.query('SET LOCAL ROLE hub_app');
      }
      const { rows } = await stats.query(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${sql}`);
      const here = new Set<string>();
      seqScans(rows[0]['QUERY PLAN'][0].Plan as PlanNode, here);
      if (here.size > 0) scanning.push(`${[...here].join(', ')}: ${sql.replace(/\s+/g, ' ').slice(0, 200)}`);
      for (const table of here) found.add(table);
      explained++;
    } catch {
      // A statement a generic plan cannot type (an untyped $n): counted as not explained.
    } finally {
      await stats.query('ROLLBACK');
    }
  }
  return { statements: statements.length, explained, seqScans: [...found].sort(), seqScanStatements: scanning };
}
