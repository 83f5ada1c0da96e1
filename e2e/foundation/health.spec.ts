import { expect, test } from '@playwright/test';
import { PORTALS, REGIONS, stackUrls } from '../support/local-cloud.ts';

const { frontDoor, regions } = stackUrls();

interface HealthBody {
  status: 'ok' | 'degraded';
  region: string;
  version: string;
  checks: Record<string, { status: string; latencyMs: number }>;
}

const targets = [
  // The front door prefers eastus while it is healthy.
  ...PORTALS.map((portal) => ({
    name: `${portal} portal through the front door`,
    url: frontDoor[portal],
    region: 'eastus',
  })),
  ...REGIONS.flatMap((region) =>
    PORTALS.map((portal) => ({
      name: `${portal} portal in ${region}`,
      url: regions[region][portal],
      region,
    })),
  ),
];

for (const target of targets) {
  test(`${target.name} answers /api/health 200 with its region`, async ({ request }) => {
    const response = await request.get(`${target.url}/api/health`);
    expect(response.status()).toBe(200);
    expect(response.headers()['x-cloudpc-region']).toBe(target.region);
    expect(response.headers()['cache-control']).toContain('no-store');
    const body = (await response.json()) as HealthBody;
    expect(body.region).toBe(target.region);
    expect(['ok', 'degraded']).toContain(body.status);
    expect(body.version).toEqual(expect.any(String));
    expect(body.checks.cosmos?.status).toBe('ok');
  });
}

test('every portal response carries x-cloudpc-region: pages, not-found pages, static assets and the API', async ({
  request,
}) => {
  for (const region of REGIONS) {
    for (const portal of PORTALS) {
      const base = regions[region][portal];
      const page = await request.get(`${base}/`);
      expect(page.status()).toBe(200);
      expect(page.headers()['x-cloudpc-region']).toBe(region);
      // Security headers (packages/ui/src/next/security-headers.ts): scripts by nonce only.
      const csp = page.headers()['content-security-policy'] ?? '';
      const scripts = csp.split('; ').find((part) => part.startsWith('script-src ')) ?? '';
      expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scripts).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'self'");
      expect(page.headers()['x-content-type-options']).toBe('nosniff');
      expect(page.headers()['x-powered-by']).toBeUndefined();
      const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1];
      expect(await page.text()).toContain(`nonce="${nonce}"`);
      const missing = await request.get(`${base}/no-such-page`);
      expect(missing.status()).toBe(404);
      expect(missing.headers()['x-cloudpc-region']).toBe(region);
      const asset = /\/_next\/static\/[^"]+\.css/.exec(await page.text())?.[0];
      expect(asset).toBeDefined();
      const css = await request.get(`${base}${asset}`);
      expect(css.status()).toBe(200);
      expect(css.headers()['x-cloudpc-region']).toBe(region);
      // The proxy skips API routes; the API stamps its answers itself, errors included.
      const api = await request.get(`${base}/api/v1.0/no-such-resource`);
      expect(api.status()).toBe(404);
      expect(api.headers()['x-cloudpc-region']).toBe(region);
      expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  }
});
