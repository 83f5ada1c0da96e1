/**
 * The few HTML pages the local Entra shows. System fonts only (oidc-provider's
 * built-in pages import a web font from the internet, which this machine and
 * offline laptops cannot reach), no third-party assets, nothing secret listed.
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
:root{color-scheme:light dark}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f2f2f2;color:#1b1b1b;
font-family:"Segoe UI",system-ui,-apple-system,"Helvetica Neue",Arial,sans-serif;font-size:15px}
main{width:min(440px,100vw);background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-weight:600;color:#5e5e5e;margin:0 0 16px}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
label{display:block;margin:16px 0 4px;font-weight:600}
input{width:100%;padding:8px 6px;font:inherit;border:1px solid #666;border-radius:2px;background:#fff;color:#1b1b1b}
input:focus{outline:2px solid #0067b8;outline-offset:1px}
button{margin-top:24px;min-width:108px;padding:8px 16px;font:inherit;font-weight:600;border:0;background:#0067b8;color:#fff;cursor:pointer}
button:focus-visible{outline:2px solid #1b1b1b;outline-offset:2px}
button.secondary{background:#e0e0e0;color:#1b1b1b}
.error{color:#a80000;border-left:4px solid #a80000;padding:4px 8px;margin:0 0 8px}
.note{color:#5e5e5e;font-size:13px;margin-top:24px}
code{font-family:ui-monospace,Consolas,monospace;font-size:13px;word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#f2f2f2}main{background:#2b2b2b}
input{background:#1b1b1b;color:#f2f2f2;border-color:#aaa}.brand,.note{color:#c8c8c8}.error{color:#ff9b9b;border-color:#ff9b9b}}
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Cloud PC · local Entra ID</p>
${body}
</main>
</body>
</html>`;
}

export interface SignInPageOptions {
  action: string;
  /** Tenant display name, or undefined on the multi-tenant (organizations) page. */
  tenantName?: string;
  username?: string;
  error?: { code: number; message: string };
  hidden?: Record<string, string>;
}

export function signInPage(o: SignInPageOptions): string {
  const hidden = Object.entries(o.hidden ?? {})
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const error = o.error
    ? `<p class="error" id="signin-error" role="alert">${escapeHtml(o.error.message)} <span>(AADSTS${o.error.code})</span></p>`
    : '';
  const describedBy = o.error ? ' aria-describedby="signin-error" aria-invalid="true"' : '';
  const focusPassword = Boolean(o.username);
  return layout(
    'Sign in to your account',
    `<h1>Sign in</h1>
${o.tenantName ? `<p>to <strong>${escapeHtml(o.tenantName)}</strong></p>` : ''}
<form method="post" action="${escapeHtml(o.action)}">
${error}
${hidden}
<label for="username">Username</label>
<input id="username" name="username" type="text" inputmode="email" autocomplete="username" autocapitalize="off" spellcheck="false" required value="${escapeHtml(o.username ?? '')}"${focusPassword ? '' : ' autofocus'}${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${focusPassword ? ' autofocus' : ''}${describedBy}>
<button type="submit">Sign in</button>
</form>
<p class="note">Local development identity provider. Sign in with one of the seeded accounts printed by <code>npm start</code>.</p>`,
  );
}

export function errorPage(e: {
  code: number;
  error: string;
  message: string;
  correlationId: string;
}): string {
  return layout(
    'Sign in error',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${e.code}: ${escapeHtml(e.message)}</p>
<p class="note">Error: <code>${escapeHtml(e.error)}</code><br>Correlation ID: <code>${escapeHtml(e.correlationId)}</code></p>`,
  );
}

/**
 * oidc-provider asks the user to confirm a sign-out; Entra signs out straight away
 * when the app names the account (id_token_hint). The form is submitted on load and
 * stays usable without script.
 */
export function logoutPage(form: string, nonce: string): string {
  return layout(
    'Sign out',
    `<h1>Signing you out…</h1>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<script nonce="${escapeHtml(nonce)}">document.getElementById('op.logoutForm').insertAdjacentHTML('beforeend','<input type="hidden" name="logout" value="yes">');document.getElementById('op.logoutForm').submit();</script>`,
  );
}

export function signedOutPage(): string {
  return layout(
    'Signed out',
    `<h1>You signed out of your account</h1>
<p>It’s a good idea to close all browser windows.</p>`,
  );
}

export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
