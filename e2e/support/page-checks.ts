import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Screenshots and other files for people to look at after a run. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/** Console errors and uncaught exceptions, hydration mismatches included (React logs them as errors). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** axe's serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
/**
 * Waits until the page has settled: a colour-scheme switch reaches Fluent through a React
 * re-render, and Fluent fades colours with short transitions; judging contrast mid-way
 * reports colours nobody sees. Endless animations (spinners) are not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((animation) => {
          const timing = animation.effect?.getComputedTiming();
          return animation.playState !== 'running' || timing?.iterations === Number.POSITIVE_INFINITY;
        }),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

export async function seriousViolations(page: Page) {
  await settled(page);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/**
 * The page's loading states (`LoadingState`: a busy status). Other live statuses, such as a
 * Cloud PC's provisioning progress, are content and stay.
 */
export function loadingStates(page: Page) {
  return page.getByRole('main').locator('[role="status"][aria-busy="true"]');
}
