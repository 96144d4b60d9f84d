/**
 * What a reviewer checks by eye on every screen, made checkable: nothing scrolls sideways
 * (a hidden column or button a thumb cannot reach), how many count rows a screen shows
 * whole and uncovered, and a screenshot of the screen at the page's size, written to
 * test-results/screens/WIDTHxHEIGHT/NAME.png (SCREENS_DIR elsewhere) for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENS_DIR =
  process.env.SCREENS_DIR ?? fileURLToPath(new URL('../../../test-results/screens', import.meta.url));

/** The page is no wider than its window: `document.documentElement.scrollWidth <= innerWidth`. */
export async function assertNoSideScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, windowWidth, widest } = await page.evaluate(() => {
    const width = window.innerWidth;
    // Named in the failure: the first elements sticking out on the right.
    const out = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, windowWidth: width, widest: out };
  });
  expect(scrollWidth, `${screen} scrolls sideways: ${widest.join(', ')}`).toBeLessThanOrEqual(windowWidth);
}

/** Writes the screenshot of what the window shows now; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const size = page.viewportSize();
  const dir = path.join(SCREENS_DIR, size ? `${size.width}x${size.height}` : 'unknown');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Both checks a screen gets: no sideways scroll, then its screenshot. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await assertNoSideScroll(page, name);
  await screenshot(page, name);
}

/**
 * The count list's rows a person sees whole: inside the list's scroller and the window,
 * and not covered by anything (the point at the row's middle and its two ends belongs
 * to the row).
 */
export function visibleRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.lines');
    if (!list) return 0;
    const box = list.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, innerHeight);
    return [...list.querySelectorAll('[role=listitem]')].filter((row) => {
      const r = row.getBoundingClientRect();
      if (r.height === 0 || r.top < top - 0.5 || r.bottom > bottom + 0.5) return false;
      const y = r.top + r.height / 2;
      return [r.left + 4, r.left + r.width / 2, r.right - 4].every((x) =>
        row.contains(document.elementFromPoint(x, y)),
      );
    }).length;
  });
}
