// The fair peer of `npm run bench`: PostGraphile 5 (amber) connected as hub_app, the role the
// hub's own requests use, with each request's caller named exactly as the hub names it
// (src/database/request-db.ts, openAs): hub.user_id is the id of the user whose email is the
// bearer token's subject, the role is hub_app and the statements run on generic plans. The
// same row-level security policies then filter every read. It writes no access log.
//
// Started by test/bench/peer.ts with PEER_DATABASE_URL (hub_app's login) and PEER_JWT_SECRET
// (the bench's HS256 secret) in its environment.
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { makePgService } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.PEER_DATABASE_URL;
const secret = process.env.PEER_JWT_SECRET;
if (!connectionString || !secret) throw new Error('PEER_DATABASE_URL and PEER_JWT_SECRET are required');

// Tokens name users by email; the policies know them by id. A team on PostGraphile would
// look the id up once and keep it (an id never changes), so the peer does: one lookup per
// user a minute, not one per request. That favours the peer over the hub, which reads its
// caller in every request's first statement.
const lookups = new pg.Pool({ connectionString, max: 2 });
const USER_ID_TTL_MS = 60_000;
const userIds = new Map();

async function userIdOf(email) {
  const known = userIds.get(email);
  if (known && known.at > Date.now() - USER_ID_TTL_MS) return known.id;
  const { rows } = await lookups.query('SELECT id FROM app_user WHERE email = $1', [email]);
  const id = rows[0]?.id ?? '';
  userIds.set(email, { id, at: Date.now() });
  return id;
}

/** The verified subject of the request's bearer token, or null (no token, a bad signature, expired). */
function subjectOf(authorization) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return null;
  try {
    const claims = jwt.verify(match[1], secret, { algorithms: ['HS256'] });
    return typeof claims.sub === 'string' ? claims.sub.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'] })],
  grafast: {
    async context(requestContext, args) {
      const subject = subjectOf(requestContext.node?.req?.headers.authorization);
      const userId = subject ? await userIdOf(subject) : '';
      return {
        pgSettings: {
          ...args.contextValue?.pgSettings,
          role: 'hub_app',
          // An unknown or missing caller gets the empty id: hub_user_id() is null, and the policies show nothing.
          'hub.user_id': userId,
          plan_cache_mode: 'force_generic_plan',
        },
      };
    },
  },
};

export default preset;
