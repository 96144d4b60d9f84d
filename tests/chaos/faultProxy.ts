/**
 * A seeded fault-injecting HTTP proxy between the phones and the server, for `npm run
 * chaos`. Everything passes through; the sync calls (count pushes and pulls, bin checks)
 * meet, at `rate`, one of the faults a warehouse network and a loaded server produce:
 *
 * - `500`: the server's JSON error `internal` (the request never reaches it);
 * - `502`: a reverse proxy's HTML error page;
 * - `429`: JSON `too_many_requests` with `Retry-After: 1`;
 * - `413`: JSON `too_large` (a proxy's smaller body limit);
 * - `cut`: forwarded, the server answers, the phone gets half the body and a closed socket;
 * - `reset`: forwarded, the server answers, the phone's connection is reset before the answer;
 * - `stall`: held 5 s, then forwarded.
 *
 * `cut` and `reset` are the hard ones: the server stored the events, the phone does not
 * know it and sends them again. Counts of each fault are kept for the report.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng } from '../../src/server/demo/catalogue';

export const FAULTS = ['500', '502', '429', '413', 'cut', 'reset', 'stall'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxy {
  readonly url: string;
  readonly counts: Readonly<Record<Fault, number>>;
  /** Requests that went through untouched. */
  readonly passed: number;
  setRate(rate: number): void;
  close(): Promise<void>;
}

const SYNC = /^\/api\/inventories\/\d+\/(counts|bins)(\?|$)/;
const STALL_MS = 5_000;

export async function startFaultProxy(target: string, options: { seed: number; rate: number }): Promise<FaultProxy> {
  const rng = prng(options.seed);
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  let passed = 0;
  let rate = options.rate;
  const upstream = new URL(target);

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ res: http.IncomingMessage; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const json = (res: http.ServerResponse, status: number, code: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify({ error: { code, message: `Fault injected by the chaos proxy (${status}).` } }));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault: Fault | null =
        SYNC.test(req.url ?? '') && rng() < rate ? FAULTS[Math.floor(rng() * FAULTS.length)]! : null;
      void handle(req, res, body, fault).catch(() => {
        // The server is down (killed by the scenario): what a proxy answers then.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, fault: Fault | null) {
    if (fault) counts[fault]++;
    else passed++;
    switch (fault) {
      case '500':
        return json(res, 500, 'internal');
      case '502':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
      case '429':
        return json(res, 429, 'too_many_requests', { 'retry-after': '1' });
      case '413':
        return json(res, 413, 'too_large');
      case 'stall':
        await new Promise((r) => setTimeout(r, STALL_MS));
        break;
      default:
        break;
    }
    const answer = await forward(req, body);
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    const headers = { ...answer.res.headers };
    delete headers['transfer-encoding'];
    if (fault === 'cut') {
      res.writeHead(answer.res.statusCode ?? 502, { ...headers, 'content-length': String(answer.body.length) });
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      // Give the half a moment to leave, then drop the connection.
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    res.writeHead(answer.res.statusCode ?? 502, headers);
    res.end(answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    get passed() {
      return passed;
    },
    setRate: (r) => {
      rate = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
