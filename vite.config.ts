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
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    root: here('.'),
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/template.ts', 'tests/setup/appBuild.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
