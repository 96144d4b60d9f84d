// The app lives in src/ (index.html at src/index.html); the build goes to dist/, which
// the server serves. In `npm run dev`, /api is proxied to a server started with `npm start`.
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src'),
  publicDir: here('./public'),
  plugins: [preact()],
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    root: here('.'),
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/template.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
