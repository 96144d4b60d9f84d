/**
 * An HTTP proxy between a phone and the e2e server that can cut one answer midway: every
 * request passes through, except that while `cutLines` is armed, the next snapshot lines
 * answer (GET /api/inventories/:id/lines, or its chunks of columns, …/lines/columns) gets its status, headers and first `bytes`
 * bytes, then a closed socket — a warehouse Wi-Fi dropping in the middle of a download.
 * Done in the test process, not with page.route: the download runs in a worker, whose
 * requests page.route does not see in every Chromium.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CutProxy {
  readonly url: string;
  /** Cuts the next lines answer after this many bytes of its body. */
  cutLines(bytes: number): void;
  /** Lines answers cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

const LINES = /^\/api\/inventories\/\d+\/lines(\/columns)?(\?|$)/;

export async function startCutProxy(target: string): Promise<CutProxy> {
  const upstream = new URL(target);
  let cutAfter: number | null = null;
  let cuts = 0;
  const server = http.createServer((req, res) => {
    const cut = req.method === 'GET' && LINES.test(req.url ?? '') ? cutAfter : null;
    if (cut !== null) cutAfter = null;
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (cut === null) return void answer.pipe(res);
        let sent = 0;
        answer.on('data', (piece: Buffer) => {
          if (sent >= cut) return;
          const part = piece.subarray(0, cut - sent);
          sent += part.length;
          res.write(part);
          if (sent >= cut) {
            cuts++;
            answer.destroy();
            res.socket?.destroy();
          }
        });
        answer.on('end', () => res.end());
      },
    );
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cutLines: (bytes) => void (cutAfter = bytes),
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
