/**
 * Vitest for `npm run audit` only: Lighthouse is slow and its performance score depends
 * on the machine's load, so it stays out of `npm test` (whose accessibility test runs
 * axe-core alone). Same global setup (template database, app built once) as npm test.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  test: {
    root: here('../..'),
    include: ['tests/audit/**/*.audit.ts'],
    globalSetup: ['tests/setup/template.ts', 'tests/setup/appBuild.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 120_000,
  },
});
