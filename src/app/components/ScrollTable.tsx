/**
 * A table that may be wider than the phone: it scrolls inside a region a keyboard can
 * focus (axe: scrollable-region-focusable), region and table named alike. The screens
 * give the head and the body.
 */
import type { ComponentChildren } from 'preact';

export function ScrollTable(props: { label: string; tableClass?: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={props.label}>
      <table class={props.tableClass} aria-label={props.label}>
        {props.children}
      </table>
    </div>
  );
}
