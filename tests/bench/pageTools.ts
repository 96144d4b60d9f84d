/**
 * Stopwatches that run inside the page, installed by the benchmark before the app loads
 * (`context.addInitScript`): they time from a user's action (a keystroke, a select, a
 * click, a scanner's keys) to the DOM showing its result, with `performance.now()` on the
 * page's own clock, and record every long task (> 50 ms) of the main thread. Nothing of
 * the app is changed by them; they only dispatch the events a user's input would.
 */

import type { BenchHooks } from '../../src/app/bench';

export interface PageTools {
  /** Long tasks of the main thread since the page loaded. */
  readonly longTasks: { start: number; duration: number }[];
  /** Sets an input's or select's value as typing/choosing does, then waits for `done`; ms. */
  change(selector: string, value: string, done: string): Promise<number>;
  /** Clicks the element, then waits for `done`; ms. */
  click(selector: string, done: string, text?: string): Promise<number>;
  /** A handheld scanner (keyboard wedge): the code's keys then Enter, focus nowhere; waits for `done`; ms. */
  wedge(code: string, done: string): Promise<number>;
  /** Sets location.hash, then waits for `done`; ms. */
  navigate(hash: string, done: string): Promise<number>;
  /** Waits for `done` (page.waitForFunction would eval a string, which the app's CSP refuses); ms. */
  wait(done: string): Promise<number>;
}

declare global {
  interface Window {
    __benchTools: PageTools;
    /** The app's own bench hook (src/app/bench.ts), present with `?bench` in the URL. */
    __decompteBench?: BenchHooks;
  }
}

/**
 * The init script (serialised by Playwright: self-contained). `done` is a JS expression
 * evaluated after each DOM change and once the app's pending render ran; true ends the wait.
 */
export function installPageTools(): void {
  const longTasks: { start: number; duration: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the figure stays 0.
  }
  // After the microtasks (Preact renders in one) and before any timer or frame.
  const afterRender = (): Promise<void> =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  const until = async (start: number, done: string, timeoutMs = 600_000): Promise<number> => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const test = new Function(`return (${done});`) as () => boolean;
    await afterRender();
    if (test()) return performance.now() - start;
    return new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (!test()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`timed out waiting for ${done}`));
      }, timeoutMs);
    });
  };
  const find = (selector: string, text?: string): HTMLElement => {
    const all = [...document.querySelectorAll<HTMLElement>(selector)];
    const el = text === undefined ? all[0] : all.find((e) => e.textContent?.trim() === text);
    if (!el) throw new Error(`no ${selector}${text ? ` "${text}"` : ''} on the page`);
    return el;
  };
  window.__benchTools = {
    longTasks,
    async change(selector, value, done) {
      const el = find(selector) as HTMLInputElement | HTMLSelectElement;
      const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      const start = performance.now();
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      return until(start, done);
    },
    async click(selector, done, text) {
      const el = find(selector, text);
      const start = performance.now();
      el.click();
      return until(start, done);
    },
    async wedge(code, done) {
      (document.activeElement as HTMLElement | null)?.blur();
      const start = performance.now();
      for (const key of [...code, 'Enter']) {
        window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }
      return until(start, done);
    },
    async navigate(hash, done) {
      const start = performance.now();
      location.hash = hash;
      return until(start, done);
    },
    wait: (done) => until(performance.now(), done),
  };
}

/**
 * The init script's source. tsx (esbuild, keepNames) wraps named functions in a `__name`
 * helper that exists only in Node: the page gets a no-op one.
 */
export const pageToolsScript = (): string => `{ const __name = (f) => f; (${installPageTools.toString()})(); }`;
