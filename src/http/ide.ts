import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * The development GraphQL IDE, served by the hub itself: one page, no CDN, no
 * external script or font (the machines here have no internet, and Apollo's
 * own landing page loads its Sandbox from a CDN). It edits and runs
 * operations with variables and a bearer token, and browses the schema
 * through a compact introspection query that stays within the query limits
 * (the standard one nests 15 levels deep).
 */
export const IDE_INTROSPECTION_QUERY = `query HubIdeSchema {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name description
      fields { name description args { name type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name type { ...TypeRef } }
      enumValues { name }
    }
  }
}
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

const EXAMPLE = `# Ctrl-Enter runs the operation. Put a token from \`npm run -s token -- <email>\` above.
query Me {
  me { id email displayName roles agency { code name } }
}
`;

function page(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ASB Case Review Hub: GraphQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px system-ui, sans-serif; display: grid; grid-template-rows: auto 1fr; height: 100vh; color: #1d1d1f; }
  header { display: flex; gap: 8px; align-items: center; padding: 8px 12px; background: #243b53; color: #fff; }
  header h1 { font-size: 15px; margin: 0 12px 0 0; font-weight: 600; }
  header input { flex: 1; font: 13px monospace; padding: 4px 6px; }
  button { font: inherit; padding: 4px 14px; cursor: pointer; }
  main { display: grid; grid-template-columns: 260px 1fr 1fr; min-height: 0; }
  aside { overflow: auto; border-right: 1px solid #ccc; padding: 8px; font-size: 13px; }
  aside h2 { font-size: 13px; margin: 10px 0 4px; }
  aside a { color: #0b5cad; cursor: pointer; text-decoration: none; }
  aside .field { margin: 2px 0 2px 6px; font-family: monospace; overflow-wrap: anywhere; }
  aside .desc { color: #555; margin: 0 0 4px 12px; font-family: system-ui, sans-serif; font-size: 12px; }
  .editors { display: grid; grid-template-rows: 2fr 1fr; min-height: 0; border-right: 1px solid #ccc; }
  textarea { width: 100%; height: 100%; border: 0; padding: 8px; font: 13px/1.4 monospace; resize: none; outline: none; }
  .vars { border-top: 1px solid #ccc; display: grid; grid-template-rows: auto 1fr; }
  .label { font-size: 12px; color: #555; padding: 4px 8px; background: #f2f4f7; }
  pre { margin: 0; padding: 8px; overflow: auto; font: 13px/1.4 monospace; white-space: pre-wrap; }
</style></head>
<body>
<header><h1>ASB Case Review Hub</h1>
  <input id="token" placeholder="Bearer token (kept in this browser only)" autocomplete="off" spellcheck="false">
  <button id="run" title="Ctrl-Enter">Run</button></header>
<main>
  <aside id="schema">Loading the schema…</aside>
  <div class="editors">
    <textarea id="query" spellcheck="false"></textarea>
    <div class="vars"><div class="label">Variables (JSON)</div><textarea id="variables" spellcheck="false">{}</textarea></div>
  </div>
  <pre id="result"></pre>
</main>
<script nonce="${nonce}">
(() => {
  const $ = (id) => document.getElementById(id);
  const store = window.localStorage;
  $('token').value = store.getItem('hub.token') || '';
  $('query').value = store.getItem('hub.query') || ${JSON.stringify(EXAMPLE)};
  $('variables').value = store.getItem('hub.variables') || '{}';
  async function gql(query, variables) {
    const headers = { 'content-type': 'application/json' };
    const token = $('token').value.trim();
    if (token) headers.authorization = 'Bearer ' + token;
    const res = await fetch(location.pathname, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
  async function run() {
    store.setItem('hub.token', $('token').value);
    store.setItem('hub.query', $('query').value);
    store.setItem('hub.variables', $('variables').value);
    let variables;
    try { variables = JSON.parse($('variables').value || '{}'); } catch (e) { $('result').textContent = 'Variables are not valid JSON: ' + e.message; return; }
    $('result').textContent = 'Running…';
    const started = performance.now();
    try {
      const { status, body } = await gql($('query').value, variables);
      $('result').textContent = 'HTTP ' + status + ' in ' + Math.round(performance.now() - started) + ' ms\\n\\n' + JSON.stringify(body, null, 2);
    } catch (e) { $('result').textContent = 'Request failed: ' + e.message; }
  }
  $('run').addEventListener('click', run);
  document.addEventListener('keydown', (e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); run(); } });
  const typeName = (t) => t.kind === 'NON_NULL' ? typeName(t.ofType) + '!' : t.kind === 'LIST' ? '[' + typeName(t.ofType) + ']' : t.name;
  const named = (t) => t.ofType ? named(t.ofType) : t.name;
  let types = new Map();
  function el(tag, text, cls) { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function link(t) { const a = el('a', typeName(t)); a.addEventListener('click', () => show(named(t))); return a; }
  function show(name) {
    const box = $('schema'); box.replaceChildren();
    const t = types.get(name);
    if (!t) return;
    if (name !== 'root') { const back = el('a', '← root fields'); back.addEventListener('click', () => show('root')); box.append(back); }
    box.append(el('h2', name === 'root' ? 'Root fields' : t.kind.toLowerCase() + ' ' + t.name));
    if (t.description) box.append(el('div', t.description, 'desc'));
    for (const f of t.fields || t.inputFields || []) {
      const line = el('div', '', 'field');
      line.append(f.name);
      if (f.args && f.args.length) { line.append('('); f.args.forEach((a, i) => { if (i) line.append(', '); line.append(a.name + ': '); line.append(link(a.type)); }); line.append(')'); }
      line.append(': '); line.append(link(f.type));
      box.append(line);
      if (f.description) box.append(el('div', f.description, 'desc'));
    }
    for (const v of t.enumValues || []) box.append(el('div', v.name, 'field'));
  }
  gql(${JSON.stringify(IDE_INTROSPECTION_QUERY)}, {}).then(({ body }) => {
    const schema = body && body.data && body.data.__schema;
    if (!schema) { $('schema').textContent = 'Schema unavailable: ' + JSON.stringify(body && body.errors); return; }
    types = new Map(schema.types.map((t) => [t.name, t]));
    const rootFields = [];
    for (const root of [schema.queryType, schema.mutationType]) {
      if (!root) continue;
      for (const f of types.get(root.name).fields) rootFields.push({ ...f, name: (root === schema.mutationType ? 'mutation ' : 'query ') + f.name });
    }
    types.set('root', { kind: 'ROOT', name: 'root', fields: rootFields });
    show('root');
  }).catch((e) => { $('schema').textContent = 'Schema unavailable: ' + e.message; });
})();
</script>
</body></html>`;
}

/**
 * GET /graphql from a browser (Accept: text/html, no `query` parameter): the
 * IDE. Other GETs go on to Apollo. Only installed in development.
 */
export function ideHandler(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || req.query.query !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html') {
      next();
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .set('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
      .set('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(page(nonce));
  };
}
