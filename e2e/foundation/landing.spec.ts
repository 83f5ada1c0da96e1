import { expect, test } from '@playwright/test';
import { PORTALS, type Portal, stackUrls } from '../support/local-cloud.ts';
import { ARTIFACTS, collectErrors, seriousViolations } from '../support/page-checks.ts';

const { frontDoor, regions, entra } = stackUrls();

const EXPECTED: Record<Portal, { title: RegExp; heading: string }> = {
  admin: { title: /Cloud PC admin center/, heading: 'Cloud PC admin center' },
  user: { title: /Cloud PC/, heading: 'Your Cloud PC, in the browser' },
};

// Fluent's webLightTheme / webDarkTheme colorNeutralBackground2 (the page background).
const PAGE_BACKGROUND = { light: 'rgb(250, 250, 250)', dark: 'rgb(31, 31, 31)' } as const;

for (const portal of PORTALS) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${portal} landing page renders in ${colorScheme} without errors or serious a11y violations`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await page.emulateMedia({ colorScheme });
      const response = await page.goto(frontDoor[portal]);
      expect(response?.status()).toBe(200);
      const servedBy = response?.headers()['x-cloudpc-region'];
      expect(servedBy).toBe('eastus');

      await expect(page).toHaveTitle(EXPECTED[portal].title);
      await expect(page.getByRole('heading', { level: 1, name: EXPECTED[portal].heading })).toBeVisible();
      await expect(page.getByTestId('region-badge')).toHaveText(`Region: ${servedBy}`);
      await expect(page.getByRole('main')).toBeVisible();
      await expect(page.getByRole('banner')).toContainText('Cloud PC');

      // The page follows the OS scheme with nothing stored.
      const background = await page.evaluate(
        () =>
          getComputedStyle(document.querySelector('main')?.parentElement ?? document.body).backgroundColor,
      );
      expect(background).toBe(PAGE_BACKGROUND[colorScheme]);

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}${portal}-landing-${colorScheme}.png`, fullPage: true });

      // "Sign in" goes to the identity provider's sign-in page (the specs in e2e/identity sign in).
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByLabel('Username')).toBeVisible();
      expect(page.url().startsWith(entra)).toBe(true);
      expect(errors).toEqual([]);
    });
  }

  test(`${portal} landing page is styled in the server HTML, before any JavaScript runs`, async ({
    browser,
  }) => {
    // Without JavaScript nothing can hydrate or insert styles: what shows is the server's HTML
    // and CSS alone, which is what a visitor sees before hydration (no flash of unstyled content).
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(regions.westus[portal]);
    await expect(page.getByTestId('region-badge')).toHaveText('Region: westus');
    const signIn = page.getByRole('button', { name: 'Sign in' });
    const styles = await signIn.evaluate((element) => {
      const style = getComputedStyle(element);
      return { background: style.backgroundColor, radius: style.borderRadius };
    });
    // Fluent's primary button in webDarkTheme: colorBrandBackground #115ea3, borderRadiusMedium.
    expect(styles).toEqual({ background: 'rgb(17, 94, 163)', radius: '4px' });
    const background = await page.evaluate(
      () => getComputedStyle(document.querySelector('main')?.parentElement ?? document.body).backgroundColor,
    );
    expect(background).toBe(PAGE_BACKGROUND.dark);
    await page.screenshot({ path: `${ARTIFACTS}${portal}-landing-no-js-dark.png`, fullPage: true });
    await context.close();
  });

  test(`${portal} theme choice persists across reloads and overrides the OS`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(regions.eastus[portal]);
    await page.getByRole('button', { name: /^Theme/ }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await page.reload();
    // Applied by the inline head script before the body is parsed, so it is there from the start.
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
    const background = await page.evaluate(
      () => getComputedStyle(document.querySelector('main')?.parentElement ?? document.body).backgroundColor,
    );
    expect(background).toBe(PAGE_BACKGROUND.dark);

    await page.getByRole('button', { name: /^Theme/ }).click();
    await page.getByRole('menuitemradio', { name: 'Use system setting' }).click();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
    expect(await page.evaluate(() => localStorage.getItem('cloudpc-theme'))).toBeNull();
    expect(errors).toEqual([]);
  });

  test(`${portal} keyboard users reach a skip link first, and it moves focus into main`, async ({ page }) => {
    await page.goto(regions.westus[portal]);
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });

  test(`${portal} unknown pages get the portal's not-found page`, async ({ page }) => {
    const errors = collectErrors(page);
    const url = `${regions.eastus[portal]}/no-such-page`;
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle(/Page not found/);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    expect(await seriousViolations(page)).toEqual([]);
    // Chromium reports the 404 of the document itself as a console error; nothing else may fail.
    expect(
      errors.filter(
        (error) =>
          error !== `Failed to load resource: the server responded with a status of 404 (Not Found) (${url})`,
      ),
    ).toEqual([]);
  });
}
