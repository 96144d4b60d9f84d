/**
 * Vitest for `npm run chaos` only: the long multi-device run, kept out of `npm test`'s
 * include so the regular suite stays bounded. Same global setup (template database, app
 * built once) as the main config.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  test: {
    root: here('../..'),
    include: ['tests/chaos/**/*.chaos.ts'],
    globalSetup: ['tests/setup/template.ts', 'tests/setup/appBuild.ts'],
    // The run bounds itself (--minutes); this is only the backstop.
    testTimeout: 4 * 60 * 60_000,
    hookTimeout: 120_000,
  },
});
