import type { DataSource } from 'typeorm';

/**
 * What the database enforces today, as one readable text: which tables have
 * row-level security (enabled, forced), every policy (from pg_policies), the
 * views the policies read, the triggers and the definitions of the hub's functions. The
 * migrations keep the history; schema/security.sql, written from this by
 * `npm run security:emit` and checked by a test, shows the present.
 *
 * Everything is sorted by name, so the text depends only on the schema. The
 * role that ran the migrations (the owner of the tables, named in the
 * `<table>_owner` policies) differs between installations and is written as
 * CURRENT_USER, as the migration wrote it.
 */
/** The header line that names the major version of the server the text was emitted from. */
export const SERVER_LINE_PREFIX = 'PostgreSQL ';

export async function securityText(dataSource: DataSource): Promise<string> {
  const [{ me, major }] = (await dataSource.query(
    `SELECT current_user AS me, current_setting('server_version_num')::int / 10000 AS major`,
  )) as { me: string; major: number }[];
  const role = (name: string) => (name === me ? 'CURRENT_USER' : name);
  const out: string[] = [
    '-- schema/security.sql: what the database enforces, emitted from a database with every migration applied.',
    '-- Do not edit: run `npm run security:emit` and commit the result (a test fails while it is stale).',
    // PostgreSQL prints definitions a little differently from one major version to the next.
    `-- ${SERVER_LINE_PREFIX}${major} (the embedded server's)`,
    '',
  ];

  const tables = (await dataSource.query(
    `SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'typeorm_migration'
      ORDER BY c.relname`,
  )) as { name: string; enabled: boolean; forced: boolean }[];
  out.push('-- Row-level security per table', '');
  for (const t of tables) {
    out.push(`-- ${t.name}: ${t.enabled ? 'enabled' : 'DISABLED'}${t.enabled ? (t.forced ? ', forced (the owner too)' : ', not forced') : ''}`);
  }
  out.push('');

  const policies = (await dataSource.query(
    `SELECT tablename, policyname, permissive, roles::text[] AS roles, cmd, qual, with_check
       FROM pg_policies WHERE schemaname = 'public'
      ORDER BY tablename, policyname`,
  )) as { tablename: string; policyname: string; permissive: string; roles: string[]; cmd: string; qual: string | null; with_check: string | null }[];
  out.push('-- Policies', '');
  for (const p of policies) {
    out.push(
      `CREATE POLICY ${p.policyname} ON ${p.tablename} AS ${p.permissive} FOR ${p.cmd} TO ${p.roles.map(role).join(', ')}` +
        (p.qual !== null ? `\n  USING (${p.qual})` : '') +
        (p.with_check !== null ? `\n  WITH CHECK (${p.with_check})` : '') +
        ';',
      '',
    );
  }

  const views = (await dataSource.query(
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner, pg_get_viewdef(c.oid, true) AS body,
            coalesce(array_to_string(c.reloptions, ', '), '') AS options
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'v'
      ORDER BY c.relname`,
  )) as { name: string; owner: string; body: string; options: string }[];
  // security_invoker shows: such a view applies the policies of its tables to whoever reads through it.
  out.push('-- Views (the policies read the case graph through these; the hub reads the access log through access_log_entry)', '');
  for (const v of views) {
    out.push(`-- owner: ${role(v.owner)}`, `CREATE VIEW ${v.name}${v.options ? ` WITH (${v.options})` : ''} AS\n${v.body.trimEnd()}`, '');
  }

  const triggers = (await dataSource.query(
    `SELECT c.relname AS tablename, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS body
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT t.tgisinternal
      ORDER BY c.relname, t.tgname`,
  )) as { tablename: string; name: string; body: string }[];
  out.push('-- Triggers (the functions they run are below)', '');
  for (const t of triggers) out.push(`${t.body};`);
  out.push('');

  const functions = (await dataSource.query(
    `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
            pg_get_userbyid(p.proowner) AS owner, pg_get_functiondef(p.oid) AS body
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind = 'f'
      ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)`,
  )) as { name: string; args: string; owner: string; body: string }[];
  out.push('-- Functions', '');
  for (const f of functions) {
    out.push(`-- owner: ${role(f.owner)}`, `${f.body.trimEnd()};`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
