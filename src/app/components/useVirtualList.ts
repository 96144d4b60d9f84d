/**
 * Windowed rendering for lists of hundreds of thousands of rows of ONE fixed height: only
 * the rows in (or near) the scroller's viewport exist in the DOM. With a fixed height the
 * window is arithmetic — first row = scrollTop / height — so a new row count (each search
 * keystroke) costs nothing. TanStack Virtual, used before, measures every item on each
 * count change (one object per row: ~75-110 ms at 250,000 rows here), which alone broke
 * the 50 ms budget of a keystroke; its variable-height machinery is not needed.
 */
import { useEffect, useState } from 'preact/hooks';

export interface VirtualRow {
  readonly index: number;
  /** Offset of the row's top in the list, px. */
  readonly start: number;
}

export interface VirtualList {
  readonly totalSize: number;
  readonly rows: readonly VirtualRow[];
}

interface Options {
  readonly count: number;
  readonly rowHeight: number;
  readonly scroller: { readonly current: HTMLElement | null };
  /** Rows rendered beyond each edge of the viewport, so a quick flick shows no gap. */
  readonly overscan?: number;
}

/**
 * Before the scroller is measured: a phone's height, so the first rows show on the first
 * render — and no rows beyond it: the measured scroller is smaller, and the rows drawn past
 * its end were removed again a task later (Lighthouse traced the removal in the count
 * list's longest tasks).
 */
const FIRST_VIEWPORT = 900;

export function useVirtualList({ count, rowHeight, scroller, overscan: overscanMeasured = 8 }: Options): VirtualList {
  const [view, setView] = useState({ top: 0, height: FIRST_VIEWPORT, measured: false });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = (): void =>
      setView((v) =>
        v.measured && v.top === el.scrollTop && v.height === el.clientHeight
          ? v
          : { top: el.scrollTop, height: el.clientHeight, measured: true },
      );
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroller.current]);
  const overscan = view.measured ? overscanMeasured : 0;
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  const rows: VirtualRow[] = [];
  for (let i = first; i < last; i++) rows.push({ index: i, start: i * rowHeight });
  return { totalSize: count * rowHeight, rows };
}
