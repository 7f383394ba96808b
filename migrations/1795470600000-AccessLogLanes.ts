import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (a function). The access log becomes eight hash chains, or
 * lanes, instead of one. With one chain every request that disclosed personal
 * data queued on one lock held to its commit, so the whole hub served one
 * disclosing request per commit flush (about 160 a second in the benchmark).
 * A database session now appends to lane (its backend pid mod 8) under that
 * lane's lock; sessions in other lanes append at the same time. Each lane is
 * verified as its own chain, so an edited, removed or reordered entry still
 * breaks every later hash in its lane. Entries written before this migration
 * form lane 0; ids now come from the identity column, in order within a lane.
 * The content hashed is unchanged (chainHash in access-log.chain.ts).
 */

const LANES = 8;

const ENTRY_HASH = (previous: string) => `encode(sha256(convert_to(${previous} || '|' ||
  to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|' || e.action || '|' ||
  e.entity || '|' || e.entity_id || '|' || coalesce(e.case_id::text, ''), 'UTF8')), 'hex')`;

export class AccessLogLanes1795470600000 implements MigrationInterface {
  name = 'AccessLogLanes1795470600000';

  public async up(q: QueryRunner): Promise<void> {
    // Same signature, so grants and the hub's calls stay as they are.
    await q.query(`CREATE OR REPLACE FUNCTION hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[])
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        actor uuid := hub_user_id();
        my_lane smallint := pg_backend_pid() % ${LANES};
        stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        head_hash text;
        hashes text[] := '{}';
      BEGIN
        IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;
        -- Held to the commit that follows at once; each statement here takes a fresh snapshot,
        -- so the lane's head read after the lock is its latest.
        PERFORM pg_advisory_xact_lock(740921001, my_lane);
        SELECT l.hash INTO head_hash FROM access_log l WHERE l.lane = my_lane ORDER BY l.id DESC LIMIT 1;
        head_hash := coalesce(head_hash, '');
        -- One pass over the entries: each hash takes the one before it (a recursive join of the
        -- entries to themselves cost n squared, 4 ms for a page of 100 incidents).
        FOR i IN 1 .. coalesce(array_length(actions, 1), 0) LOOP
          head_hash := encode(sha256(convert_to(head_hash || '|' || stamp || '|' || actor || '|' || actions[i] || '|' ||
            entities[i] || '|' || entity_ids[i] || '|' || coalesce(case_ids[i]::text, ''), 'UTF8')), 'hex');
          hashes[i] := head_hash;
        END LOOP;
        INSERT INTO access_log (lane, at, actor_id, action, entity, entity_id, case_id, hash)
        SELECT my_lane, now(), actor, e.action, e.entity, e.entity_id, e.case_id, e.hash
          FROM unnest(actions, entities, entity_ids, case_ids, hashes) WITH ORDINALITY AS e(action, entity, entity_id, case_id, hash, n)
         ORDER BY e.n;
      END $$`);
    // The identity column numbers entries now; start it after the entries already written.
    await q.query(`SELECT setval(pg_get_serial_sequence('access_log', 'id'), greatest((SELECT max(id) FROM access_log), 1), (SELECT max(id) FROM access_log) IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[])
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        actor uuid := hub_user_id();
        head_id bigint;
        head_hash text;
      BEGIN
        IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;
        PERFORM pg_advisory_xact_lock(740921001);
        SELECT coalesce(max(id), 0) INTO head_id FROM access_log;
        SELECT coalesce((SELECT hash FROM access_log WHERE id = head_id), '') INTO head_hash;
        INSERT INTO access_log (id, at, actor_id, action, entity, entity_id, case_id, hash) OVERRIDING SYSTEM VALUE
        WITH RECURSIVE
          e AS (SELECT * FROM unnest(actions, entities, entity_ids, case_ids) WITH ORDINALITY AS e(action, entity, entity_id, case_id, n)),
          chained AS (
            SELECT e.*, ${ENTRY_HASH('head_hash')} AS hash FROM e WHERE e.n = 1
            UNION ALL
            SELECT e.*, ${ENTRY_HASH('c.hash')} FROM chained c JOIN e ON e.n = c.n + 1)
        SELECT head_id + chained.n, now(), actor, chained.action, chained.entity, chained.entity_id, chained.case_id, chained.hash FROM chained;
      END $$`);
  }
}
