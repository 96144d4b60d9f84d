/**
 * Security headers on every response (helmet) and cross-origin access (CORS) only when
 * configured. The Content-Security-Policy is the one the built app runs under: its own
 * scripts only (vite emits no inline script, and the service worker is registered from
 * the bundle, not by an injected snippet), 'wasm-unsafe-eval' for the barcode decoder's
 * WebAssembly, blob: workers and images for the export worker and ZIP downloads, and no
 * framing at all.
 */
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  // Preact sets style properties through the CSSOM, which CSP allows; no inline <style>.
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  // The camera preview is a MediaStream (srcObject), not a URL; blob: for recorded frames.
  mediaSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export async function registerSecurity(app: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // Not upgrade-insecure-requests: a shop may serve the app over plain HTTP on its own LAN.
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => [k, [...v]])),
    },
    // Downloads (ZIPs) are same-origin fetches; nothing of ours is meant for other sites.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Helmet's HSTS only matters over HTTPS; a reverse proxy terminating TLS keeps it.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onSend', async (_request, reply) => {
    // The camera is the only powerful feature the app uses, and only on its own pages.
    reply.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()');
  });
  if (corsOrigins.length === 0) return;
  await app.register(fastifyCors, {
    origin: [...corsOrigins],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Retry-After', 'X-Content-SHA256', 'Content-Disposition'],
    credentials: false,
    maxAge: 600,
  });
}
