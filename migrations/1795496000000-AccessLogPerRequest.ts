import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * One access-log row per request, entity kind, case and lawful basis (issue 19),
 * instead of one row per record: a page of 100 incidents with their reporters
 * appends two rows holding 100 ids each, not 200 rows.
 *
 * - access_log.entity_id (one uuid) becomes entity_ids (the ids disclosed, in
 *   the order the request disclosed them), with a GIN index so an auditor's
 *   search for one record (`entity_ids @> ARRAY[id]`) stays an index lookup.
 * - hub_append_access_log keeps its signature (one array element per
 *   disclosure, as the hub's buffer and the erasure functions send them) and
 *   groups in SQL, so no caller changes.
 * - The hash content spells the ids joined by commas where it spelled the one id:
 *   `previous|at|actor|action|entity|id1,id2,…|caseId[|basis]`. A row carried
 *   over holds exactly its old id, so its content, and so its hash, is what it
 *   was: the existing chain verifies unchanged, and no hash is recomputed. (Ids
 *   are uuids, without commas, so the joined text names exactly one array.)
 * - Carrying the log over fills entity_ids from entity_id, with the append-only
 *   trigger held off for that one statement in this migration's transaction:
 *   nothing an entry says changes, only the column it is kept in. On a large log
 *   the UPDATE rewrites the table once (400,000 rows took 13 s on the bench
 *   machine: about half a minute per million).
 * - The subject access policy (DataProtectionSecurity) tests array overlap: a
 *   row goes through when any id it holds is the subject's; the hub then lists
 *   only the subject's ids from it (AccessLogService.about).
 * - access_log_entry, a view with one row per disclosure (row id, position,
 *   entity_id), is how the hub reads the log: security_invoker, so the access
 *   log's own policies apply to whoever reads through it.
 *
 * down() restores one id per row only while every row holds one id: grouped rows
 * cannot be split without changing the hashes they were written with, so it
 * refuses then rather than break the chain.
 */

const SQL_DEFINER = `SECURITY DEFINER SET search_path = public, pg_temp`;

const APPEND = (grouped: boolean) => `CREATE OR REPLACE FUNCTION hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[], bases text[])
  RETURNS void LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE
    actor uuid := hub_user_id();
    my_lane smallint := pg_backend_pid() % 8;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    head_hash text;${grouped ? `
    r record;` : `
    hashes text[] := '{}';`}
  BEGIN
    IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;
    IF EXISTS (SELECT 1 FROM unnest(bases) b WHERE b IS NULL) OR cardinality(bases) IS DISTINCT FROM cardinality(actions) THEN
      RAISE EXCEPTION 'every access-log entry needs its lawful basis';
    END IF;
    -- Held to the commit that follows at once; each statement here takes a fresh snapshot,
    -- so the lane's head read after the lock is its latest.
    PERFORM pg_advisory_xact_lock(740921001, my_lane);
    SELECT l.hash INTO head_hash FROM access_log l WHERE l.lane = my_lane ORDER BY l.id DESC LIMIT 1;
    head_hash := coalesce(head_hash, '');${
      grouped
        ? `
    -- One row per (action, entity, case, basis), in the order of each group's first disclosure.
    FOR r IN
      SELECT e.action, e.entity, e.case_id, e.basis, array_agg(e.entity_id ORDER BY e.n) AS ids
        FROM unnest(actions, entities, entity_ids, case_ids, bases) WITH ORDINALITY AS e(action, entity, entity_id, case_id, basis, n)
       GROUP BY e.action, e.entity, e.case_id, e.basis
       ORDER BY min(e.n)
    LOOP
      head_hash := encode(sha256(convert_to(head_hash || '|' || stamp || '|' || actor || '|' || r.action || '|' || r.entity || '|' ||
        array_to_string(r.ids, ',') || '|' || coalesce(r.case_id::text, '') || '|' || r.basis, 'UTF8')), 'hex');
      INSERT INTO access_log (lane, at, actor_id, action, entity, entity_ids, case_id, lawful_basis, hash)
        VALUES (my_lane, now(), actor, r.action, r.entity, r.ids, r.case_id, r.basis, head_hash);
    END LOOP;`
        : `
    FOR i IN 1 .. coalesce(array_length(actions, 1), 0) LOOP
      head_hash := encode(sha256(convert_to(head_hash || '|' || stamp || '|' || actor || '|' || actions[i] || '|' ||
        entities[i] || '|' || entity_ids[i] || '|' || coalesce(case_ids[i]::text, '') || '|' || bases[i], 'UTF8')), 'hex');
      hashes[i] := head_hash;
    END LOOP;
    INSERT INTO access_log (lane, at, actor_id, action, entity, entity_id, case_id, lawful_basis, hash)
    SELECT my_lane, now(), actor, e.action, e.entity, e.entity_id, e.case_id, e.basis, e.hash
      FROM unnest(actions, entities, entity_ids, case_ids, bases, hashes) WITH ORDINALITY AS e(action, entity, entity_id, case_id, basis, hash, n)
     ORDER BY e.n;`
    }
  END $$`;

/** The chain as auditors recompute it: the ids as the hash spells them (joined by commas). */
const CHAIN = (grouped: boolean) => `CREATE FUNCTION hub_access_log_chain(after_lane smallint, after_id bigint, lim int)
  RETURNS TABLE (lane smallint, id bigint, at text, actor_id uuid, action text, entity text, ${grouped ? 'entity_ids text' : 'entity_id uuid'}, case_id uuid, lawful_basis text, hash text)
  LANGUAGE plpgsql STABLE ${SQL_DEFINER} AS $$
  BEGIN
    IF NOT hub_has_role('AUDITOR') THEN RETURN; END IF;
    RETURN QUERY SELECT l.lane, l.id, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.actor_id, l.action, l.entity,
                        ${grouped ? "array_to_string(l.entity_ids, ',')" : 'l.entity_id'}, l.case_id, l.lawful_basis, l.hash
      FROM access_log l WHERE (l.lane, l.id) > (after_lane, after_id) ORDER BY l.lane, l.id LIMIT lim;
  END $$`;

/** What an opened subject lets a data protection officer read (DataProtectionSecurity), for rows of one id or many. */
const SUBJECT = (grouped: boolean) => {
  const holds = (ids: string) => (grouped ? `entity_ids && ((SELECT ${ids})::uuid[])` : `entity_id = ANY ((SELECT ${ids})::uuid[])`);
  return `CREATE POLICY access_log_subject ON access_log FOR SELECT TO hub_app USING (${holds('hub_subject_person_ids()')} OR ${holds('hub_subject_incident_ids()')}
    OR ${holds('hub_subject_case_ids()')} OR (entity = 'InformationRequest' AND case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])))`;
};

/** One row per disclosure, in the order the request disclosed them. */
const ENTRY_VIEW = `CREATE VIEW access_log_entry WITH (security_invoker = true) AS
  SELECT l.id, e.n::int AS n, l.at, l.actor_id, l.action, l.entity, e.entity_id, l.case_id, l.lawful_basis, l.entity_ids
    FROM access_log l CROSS JOIN LATERAL unnest(l.entity_ids) WITH ORDINALITY AS e(entity_id, n)`;

const CHAIN_SIGNATURE = 'hub_access_log_chain(smallint, bigint, int)';

export class AccessLogPerRequest1795496000000 implements MigrationInterface {
  name = 'AccessLogPerRequest1795496000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log ADD COLUMN entity_ids uuid[]`);
    await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete`);
    await q.query(`UPDATE access_log SET entity_ids = ARRAY[entity_id]`);
    await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete`);
    await q.query(`ALTER TABLE access_log ALTER COLUMN entity_ids SET NOT NULL`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_entity_ids_present CHECK (cardinality(entity_ids) > 0)`);
    await q.query(`DROP POLICY access_log_subject ON access_log`);
    await q.query(`DROP INDEX "IDX_4ac7ff008482ac935be87a1d12"`);
    await q.query(`ALTER TABLE access_log DROP COLUMN entity_id`);
    await q.query(`CREATE INDEX access_log_entity_ids ON access_log USING gin (entity_ids)`);
    await q.query(SUBJECT(true));

    await q.query(APPEND(true));
    await q.query(`DROP FUNCTION ${CHAIN_SIGNATURE}`);
    await q.query(CHAIN(true));
    await this.chainRights(q);

    await q.query(ENTRY_VIEW);
    await q.query(`REVOKE ALL ON access_log_entry FROM PUBLIC`);
    await q.query(`GRANT SELECT ON access_log_entry TO hub_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const [{ grouped }] = await q.query(`SELECT count(*)::int AS grouped FROM access_log WHERE cardinality(entity_ids) > 1`);
    if (grouped > 0) {
      throw new Error(`access_log holds ${grouped} rows of several ids: splitting them would break the hashes they were written with`);
    }
    await q.query(`DROP VIEW access_log_entry`);
    await q.query(`DROP FUNCTION ${CHAIN_SIGNATURE}`);
    await q.query(CHAIN(false));
    await this.chainRights(q);
    await q.query(`DROP POLICY access_log_subject ON access_log`);
    await q.query(`ALTER TABLE access_log ADD COLUMN entity_id uuid`);
    await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete`);
    await q.query(`UPDATE access_log SET entity_id = entity_ids[1]`);
    await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete`);
    await q.query(`ALTER TABLE access_log ALTER COLUMN entity_id SET NOT NULL`);
    await q.query(`DROP INDEX access_log_entity_ids`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_entity_ids_present`);
    await q.query(`ALTER TABLE access_log DROP COLUMN entity_ids`);
    await q.query(`CREATE INDEX "IDX_4ac7ff008482ac935be87a1d12" ON "access_log" ("entity", "entity_id")`);
    await q.query(SUBJECT(false));
    await q.query(APPEND(false));
  }

  private async chainRights(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${CHAIN_SIGNATURE} OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION ${CHAIN_SIGNATURE} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${CHAIN_SIGNATURE} TO hub_app`);
  }
}
