/**
 * A tiny browser stand-in for driving the sign-in flow over HTTP: a cookie jar
 * with path matching and manual redirects, so each hop can be asserted.
 */
interface Cookie {
  value: string;
  path: string;
}

export interface HopResponse {
  status: number;
  location: string | undefined;
  headers: Headers;
  text: string;
  url: string;
}

export class HttpSession {
  readonly #cookies = new Map<string, Cookie>();
  readonly #origin: string;

  constructor(origin: string) {
    this.#origin = origin;
  }

  cookieNames(): string[] {
    return [...this.#cookies.keys()];
  }

  #store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [k = '', v = ''] = attribute.split('=');
        const key = k.trim().toLowerCase();
        if (key === 'path') path = v.trim();
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, { value, path });
    }
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies]
      .filter(
        ([, c]) =>
          url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  async request(
    target: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<HopResponse> {
    const url = new URL(target, this.#origin);
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    const cookie = this.#cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.#store(response.headers.getSetCookie());
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      location: location ? new URL(location, url).href : undefined,
      headers: response.headers,
      text: await response.text(),
      url: url.href,
    };
  }

  /** Follows redirects until one leaves the identity provider's origin or a page is shown. */
  async follow(start: HopResponse, stopAtOrigin?: string): Promise<HopResponse> {
    let hop = start;
    for (let i = 0; i < 15 && hop.location; i++) {
      if (stopAtOrigin && new URL(hop.location).origin === stopAtOrigin) return hop;
      hop = await this.request(hop.location);
    }
    return hop;
  }
}

/** The first form on a page: its action and every named input's value. */
export function parseForm(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form?.[1]) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input([^>]*)>/gi)) {
    const attrs = input[1] ?? '';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (name)
      fields[name] = value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
  }
  return { action: new URL(form[1].replaceAll('&amp;', '&'), base).href, fields };
}
