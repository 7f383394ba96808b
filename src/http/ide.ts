import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { ruruHTML, type RuruServerConfig } from 'ruru/server';


/*
 * The development GraphQL IDE: Ruru (the Graphile project's GraphiQL 5
 * distribution: editor, docs, history, variables and headers), its files
 * served by the hub from node_modules, nothing from a CDN (the machines here
 * have no internet). It reads the schema with the standard introspection
 * query, which development allows (src/graphql/cost.ts). Above it, a token
 * field: what is typed there goes out as `Authorization: Bearer …` on every
 * request to the hub, unless the headers editor sets its own.
 */

/** Where Ruru's files are served (its bundle, styles, editor workers). */
export const IDE_STATIC_PATH = '/ide-static/';

const EXAMPLE = `# Put a token from \`npm run -s token -- <email>\` in the field above, then run (Ctrl-Enter).
query Me {
  me { id email displayName roles agency { code name } }
}
`;

/** The token bar, and the fetch wrapper that adds its token to the hub's requests. */
function tokenBar(nonce: string): { style: string; body: string; script: string } {
  return {
    style: `<style nonce="${nonce}">
  body { margin: 0; }
  #hub-bar { display: flex; gap: 8px; align-items: center; height: 40px; box-sizing: border-box; padding: 6px 12px; background: #243b53; color: #fff; font: 14px system-ui, sans-serif; }
  #hub-bar strong { margin-right: 8px; font-weight: 600; }
  #hub-token { flex: 1; font: 13px monospace; padding: 4px 6px; }
  #ruru-root { height: calc(100vh - 40px); }
</style>`,
    body: `<div id="hub-bar"><strong>ASB Case Review Hub</strong>
  <label for="hub-token">Token</label>
  <input id="hub-token" placeholder="Bearer token (kept in this browser only)" autocomplete="off" spellcheck="false"></div>`,
    script: `<script nonce="${nonce}">
(() => {
  const store = window.localStorage;
  const field = document.getElementById('hub-token');
  field.value = store.getItem('hub.token') || '';
  field.addEventListener('input', () => store.setItem('hub.token', field.value.trim()));
  const endpoint = new URL('/graphql', location.href).href;
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href).href;
    const token = field.value.trim();
    if (url === endpoint && token) {
      const headers = new Headers(init.headers || (typeof input === 'string' ? undefined : input.headers));
      if (!headers.has('authorization')) headers.set('authorization', 'Bearer ' + token);
      init = { ...init, headers };
    }
    return fetch(input, init);
  };
})();
</script>`,
  };
}

function page(nonce: string): string {
  const bar = tokenBar(nonce);
  const html = ruruHTML({
    endpoint: '/graphql',
    staticPath: IDE_STATIC_PATH,
    // ruru-types declares every client option required (with `| undefined`); these are the ones we set.
    clientConfig: { initialQuery: EXAMPLE, defaultQuery: EXAMPLE, inputValueDeprecation: true, schemaDescription: true } as RuruServerConfig['clientConfig'],
    htmlParts: {
      titleTag: '<title>ASB Case Review Hub: GraphQL</title>',
      styleTags: (original) => `${original}\n${bar.style}`,
      // The bar's script runs before Ruru's module scripts, so Ruru's first fetch already carries the token.
      bodyContent: (original) => `${bar.body}\n${original}\n${bar.script}`,
    },
  });
  // Ruru's own inline scripts and styles get the nonce; nothing else may run.
  return html.replace(/<(script|style)(?![^>]*\bnonce=)/g, `<$1 nonce="${nonce}"`);
}

/**
 * Ruru's files, from the package's static/ folder in node_modules (GET
 * /ide-static/…). Its own `ruru/static` handler loads them with a dynamic
 * import() of an ES module, which jest's CommonJS runtime cannot do; the
 * folder holds the same files. Source maps are left out.
 */
export function ideStaticHandler(): RequestHandler {
  const folder = path.join(path.dirname(require.resolve('ruru/server')), '..', 'static');
  const files = express.static(folder, { fallthrough: false, index: false, immutable: true, maxAge: '1d' });
  return (req, res, next) => (req.path.endsWith('.map') ? next() : files(req, res, next));
}

/** GET /graphql from a browser (HTML accepted, no query): the IDE. Everything else goes on to the API. */
export function ideHandler(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || req.query.query !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html') {
      return next();
    }
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .set('Cache-Control', 'no-store')
      .set(
        'Content-Security-Policy',
        // Monaco (the editor) and GraphiQL add styles at run time, so styles may be inline; scripts may not.
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .send(page(nonce));
  };
}
