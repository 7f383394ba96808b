import type { RequestHandler } from 'express';

/**
 * Answers of a public GET (the published figures: CSV, JSON, the page) kept for `ttlMs` by URL: the
 * figures change a few times a day, and without a cache every request ran the
 * statistics queries (1,300 in 5 s). Only 200 answers are kept, at most
 * `maxEntries` URLs (the oldest dropped first), in this process's memory;
 * requests for the same URL while it is being computed wait for that one.
 */
export function cachePublicAnswers(ttlMs = 60_000, maxEntries = 500): RequestHandler {
  type Answer = { at: number; status: number; headers: Record<string, string>; body: Buffer };
  const answers = new Map<string, Answer>();
  const pending = new Map<string, Promise<void>>();

  const send = (res: Parameters<RequestHandler>[1], answer: Answer) => {
    res.status(answer.status).set(answer.headers).set('Cache-Control', `public, max-age=${Math.max(0, Math.round((answer.at + ttlMs - Date.now()) / 1000))}`);
    res.send(answer.body);
  };

  return async (req, res, next) => {
    if (req.method !== 'GET') return next();
    const key = `${req.path.toLowerCase()}?${new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]).sort()).toString()}`;
    const waiting = pending.get(key);
    if (waiting) await waiting;
    const cached = answers.get(key);
    if (cached && Date.now() - cached.at < ttlMs) return send(res, cached);
    if (cached) answers.delete(key);

    let done!: () => void;
    pending.set(key, new Promise<void>((resolve) => (done = resolve)));
    res.once('close', () => {
      pending.delete(key);
      done();
    });
    const original = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const headers: Record<string, string> = {};
        // The page's security headers are part of its answer: a cached copy keeps them.
        for (const name of ['content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options', 'referrer-policy']) {
          const value = res.get(name);
          if (value) headers[name] = value;
        }
        if (answers.size >= maxEntries) answers.delete(answers.keys().next().value!);
        answers.set(key, { at: Date.now(), status: 200, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });
        res.set('Cache-Control', `public, max-age=${Math.round(ttlMs / 1000)}`);
      }
      pending.delete(key);
      done();
      return original(body);
    };
    next();
  };
}
