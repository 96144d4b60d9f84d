/**
 * The database stopped and restarted behind a live server, for `npm run chaos` on
 * PostgreSQL: the server's DATABASE_URL points at this TCP relay in front of the real
 * PostgreSQL server. `stop()` resets every open connection and refuses new ones — what
 * the server sees when PostgreSQL goes down (every query fails, the pool's connections
 * die) — and `start()` lets connections through again, as a restarted PostgreSQL does.
 * The shared test cluster itself is never touched (other runs use it).
 */
import net from 'node:net';

export interface DbRelay {
  /** `url` with the relay's host and port. */
  readonly url: string;
  readonly outages: number;
  stop(): void;
  start(): void;
  close(): Promise<void>;
}

export async function startDbRelay(url: string): Promise<DbRelay> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let down = false;
  let outages = 0;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as net.AddressInfo).port);
  return {
    url: relayed.toString(),
    get outages() {
      return outages;
    },
    stop() {
      if (down) return;
      down = true;
      outages++;
      for (const s of sockets) s.resetAndDestroy();
    },
    start() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
