/**
 * A phone-class CPU for the benchmark (`npm run bench -- --cpu 4`): slows one Chromium
 * device's page and every worker it starts by a factor, so the figures read as on a
 * mid-range phone (Lighthouse's mobile profile uses the same 4×).
 *
 * Two mechanisms, because Chromium has one only for pages:
 * - the page's main thread: Chromium's own throttling over CDP
 *   (`Emulation.setCPUThrottlingRate`, one session per page, kept open: the setting ends
 *   with the session). Chromium 156 refuses it on worker targets ("Operation is only
 *   supported for pages, not workers") and a page's rate does not reach its workers.
 * - dedicated and service workers: each worker thread of this browser's renderers is moved,
 *   as soon as it appears (polled every 10 ms), into a cgroup of its own whose CPU quota is
 *   1/rate of one core over 10 ms periods (cgroup v1 `cpu` controller, `cpu.cfs_quota_us`) — what Chromium's
 *   throttler does to the main thread (the thread may run 1/rate of the wall time).
 *   That needs root and a writable cgroup v1 `cpu` hierarchy; without them the workers run
 *   at full speed and `workers` says why (the table prints it).
 *
 * Not slowed: the browser process (IndexedDB's own threads, network), the compositor, the
 * server. A worker’s first ≤ 10 ms run at full speed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

const CGROUP_CPU = '/sys/fs/cgroup/cpu';
const PERIOD_US = 10_000;
/** Thread names (comm, 15 characters at most) of the threads that run workers' scripts. */
const WORKER_THREAD = /^(DedicatedWorker|ServiceWorker)/;
const POLL_MS = 10;

export interface CpuThrottle {
  readonly rate: number;
  /** 'throttled', or why the workers run at full speed. */
  readonly workers: string;
  /** How many worker threads were slowed so far. */
  threadsThrottled(): number;
  stop(): Promise<void>;
}

/** Slows the device's pages and workers `rate` times (1: nothing to do). */
export async function throttleCpu(
  device: { readonly context: BrowserContext; readonly userDataDir: string },
  rate: number,
): Promise<CpuThrottle> {
  if (rate <= 1) return { rate: 1, workers: 'not slowed (1×)', threadsThrottled: () => 0, stop: async () => {} };
  const sessions: CDPSession[] = [];
  const throttlePage = async (page: Page): Promise<void> => {
    const session = await device.context.newCDPSession(page);
    await session.send('Emulation.setCPUThrottlingRate', { rate });
    sessions.push(session);
  };
  for (const page of device.context.pages()) await throttlePage(page);
  const onPage = (page: Page): void => void throttlePage(page).catch(() => undefined);
  device.context.on('page', onPage);

  const threads = threadThrottler(device.userDataDir, rate);
  return {
    rate,
    workers: threads.workers,
    threadsThrottled: threads.count,
    async stop() {
      device.context.off('page', onPage);
      threads.stop();
      for (const s of sessions) await s.detach().catch(() => undefined);
    },
  };
}

interface ThreadThrottler {
  readonly workers: string;
  readonly count: () => number;
  readonly stop: () => void;
}

function threadThrottler(userDataDir: string, rate: number): ThreadThrottler {
  const why = cgroupUnusable();
  if (why) return { workers: `not slowed: ${why}`, count: () => 0, stop: () => undefined };
  const root = path.join(CGROUP_CPU, `decompte-bench-${process.pid}-${path.basename(userDataDir)}`);
  fs.mkdirSync(root);
  const moved = new Set<string>();
  const quota = String(Math.max(1_000, Math.round(PERIOD_US / rate)));

  const poll = (): void => {
    const browser = browserPid(userDataDir);
    if (browser === undefined) return;
    for (const pid of descendants(browser)) {
      for (const tid of readdir(`/proc/${pid}/task`)) {
        if (moved.has(tid) || !WORKER_THREAD.test(read(`/proc/${pid}/task/${tid}/comm`).trim())) continue;
        const dir = path.join(root, `t${tid}`);
        try {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
          fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), quota);
          fs.writeFileSync(path.join(dir, 'tasks'), tid);
          moved.add(tid);
        } catch {
          // The thread ended between the listing and the move: nothing to slow.
        }
      }
    }
  };
  const timer = setInterval(poll, POLL_MS);
  const cleanUp = (): void => {
    for (const tid of moved) {
      try {
        fs.writeFileSync(path.join(CGROUP_CPU, 'tasks'), tid); // back to full speed, if it still runs
      } catch {
        // Gone already.
      }
    }
    for (const dir of readdir(root)) if (dir.startsWith('t')) rmdirQuiet(path.join(root, dir));
    rmdirQuiet(root);
  };
  process.once('exit', cleanUp);
  return {
    workers: 'throttled',
    count: () => moved.size,
    stop() {
      clearInterval(timer);
      process.off('exit', cleanUp);
      cleanUp();
    },
  };
}

/** Why worker threads cannot be slowed here, or undefined when they can. */
function cgroupUnusable(): string | undefined {
  if (process.platform !== 'linux') return 'Linux only';
  if (!fs.existsSync(path.join(CGROUP_CPU, 'cpu.cfs_quota_us'))) return `no cgroup v1 cpu controller at ${CGROUP_CPU}`;
  try {
    fs.accessSync(CGROUP_CPU, fs.constants.W_OK);
  } catch {
    return `${CGROUP_CPU} is not writable (run as root)`;
  }
  return undefined;
}

/** The browser process started on this profile (not one of its children, which have --type=). */
function browserPid(userDataDir: string): number | undefined {
  for (const pid of readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = read(`/proc/${pid}/cmdline`).split('\0');
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((a) => a.startsWith('--type=')))
      return Number(pid);
  }
  return undefined;
}

/** Every process below `pid` (renderers are the zygote's children, the zygote the browser's). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses: read after the last ')'.
    const stat = read(`/proc/${entry}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(Number(entry));
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    const next = todo.pop()!;
    for (const child of children.get(next) ?? []) {
      out.push(child);
      todo.push(child);
    }
  }
  return out;
}

const read = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
const readdir = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};
const rmdirQuiet = (dir: string): void => {
  try {
    fs.rmdirSync(dir);
  } catch {
    // A thread could not be moved back (it ended meanwhile, or is being moved): left for the next run's cleanup.
  }
};
