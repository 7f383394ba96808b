/*
 * The frame of the hub's public pages (the application form, the figures page):
 * server-rendered HTML with one inline style sheet, a skip link, the partnership's
 * name as a banner and the page's content in <main>. No script, nothing from
 * another origin.
 */

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (value: string | null | undefined): string =>
  (value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A whole page. `style.nonce` when the page is the caller's own (its CSP names the
 * nonce); without one, the page's CSP must allow the style sheet by its hash.
 */
export function publicPage(page: { title: string; banner: string; style: { css: string; nonce?: string }; body: string }): string {
  const nonce = page.style.nonce ? ` nonce="${escapeHtml(page.style.nonce)}"` : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style${nonce}>${page.style.css}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header><p>${escapeHtml(page.banner)}</p></header>
<main id="main">
${page.body}
</main>
</body>
</html>
`;
}
