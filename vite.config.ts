// The app lives in src/ (index.html at src/index.html); the build goes to dist/, which
// the server serves. In `npm run dev`, /api is proxied to a server started with `npm start`.
// The PWA plugin writes dist/sw.js (precached app shell) and dist/manifest.webmanifest; the
// app registers the worker itself (src/app/pwa/register.ts) and asks before updating.
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src'),
  publicDir: here('./public'),
  plugins: [
    preact(),
    VitePWA({
      // generateSW: the worker only precaches the shell and answers navigations offline; the
      // data lives in IndexedDB and syncs from the page, so there is no hand-written SW code.
      strategies: 'generateSW',
      // A new version waits for the user's OK (never a reload in the middle of a count):
      // no skipWaiting/clientsClaim; the page sends SKIP_WAITING when the user accepts.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Décompte — inventaires',
        short_name: 'Décompte',
        description: 'Inventaires physiques du stock, hors ligne : scan, comptage, clôture et écarts valorisés.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        icons: [
          { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The glob below already precaches every icon; listing them again would duplicate entries.
      includeManifestIcons: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,wasm}'],
        // Room for the barcode decoder's wasm, which must be there offline.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        skipWaiting: false,
        clientsClaim: false,
      },
      devOptions: { enabled: false },
    }),
  ],
  // Rolldown's PLUGIN_TIMINGS note says the PWA plugin's precache step is most of the build,
  // which is its job: a page of text at every `npm start` that nobody can act on.
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload polyfill in the first load (0.6 KB gzip): browsers without
    // <link rel=modulepreload> still load every chunk, only without the head start.
    // Preload links for the first load only (index.html): a lazy screen's import adds none.
    // Vite's helper appended a <link> per chunk the screen imports, in the task that opened
    // it: in Lighthouse's traces that DOM work was more than half of the recap's longest task
    // (appendChild: 50 of its 85 profiler samples), and came again for every screen
    // preloaded; with the stylesheets already in the first load, the script links alone
    // still took 30-40 samples per page. The cost: on a first visit (no service worker yet)
    // a screen's chunks come as a waterfall (the chunk, then what it imports), not at once.
    modulePreload: {
      polyfill: false,
      resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
    },
    // One stylesheet, in the first load: a lazy screen then adds none (a <link> to append, a
    // style recalculation of the whole page when it lands). The screens' CSS adds 1.4 KB gzip.
    cssCodeSplit: false,
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    root: here('.'),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/postgres/**', 'tests/backup/**'],
          globalSetup: ['tests/setup/template.ts', 'tests/setup/appBuild.ts'],
        },
      },
      // Backup and restore run the commands and real servers: after the pglite project too.
      { extends: true, test: { name: 'backup', include: ['tests/backup/**/*.test.ts'], sequence: { groupOrder: 1 } } },
      // The server suite again on PostgreSQL, plus what only a shared server can show.
      ...(postgresTests()
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['tests/server/**/*.test.ts', 'tests/postgres/**/*.test.ts'],
                globalSetup: ['tests/setup/template-pg.ts'],
                // After the pglite project, not beside it: the browser tests keep the load they were tuned for.
                sequence: { groupOrder: 1 },
              },
            },
          ]
        : []),
    ],
  },
});

/**
 * TEST_DATABASE_URL (printed by `.ci/postgres`) turns on the PostgreSQL project. CI must
 * have it; a developer without PostgreSQL is told what was left out.
 */
function postgresTests(): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  // Only a test run cares (`vite build`, also run from the tests, loads this file too).
  if (!process.env.VITEST || process.env.NODE_ENV === 'production') return false;
  if (process.env.CI) throw new Error('CI must run the server tests on PostgreSQL too: TEST_DATABASE_URL is not set.');
  if (process.env.DECOMPTE_PG_WARNED) return false; // the config is loaded once per project
  process.env.DECOMPTE_PG_WARNED = '1';
  console.warn(
    '\n⚠ TEST_DATABASE_URL is not set: the server tests run on the embedded database only, not on PostgreSQL.\n' +
      '  To run them on both: export TEST_DATABASE_URL="$(bash .ci/postgres)"  (see docs/testing.md, "Tests on PostgreSQL")\n',
  );
  return false;
}
