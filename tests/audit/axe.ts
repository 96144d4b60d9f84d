/**
 * axe-core (the accessibility engine Lighthouse itself uses) run inside the page. Its
 * source is evaluated through the DevTools protocol, which the app's Content-Security-
 * Policy does not apply to, so the page keeps its real CSP while being checked.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** CSS selectors of the offending elements (a few). */
  readonly targets: readonly string[];
}

/** WCAG 2.x A/AA and axe's best practices: the rules a real audit reads. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  }, TAGS);
}

/** "color-contrast (serious): Elements must meet… — .muted, header span" per violation. */
export const describeViolations = (violations: readonly AxeViolation[]): string[] =>
  violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.targets.join(', ')}`);
