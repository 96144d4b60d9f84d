/**
 * A menu button (the WAI-ARIA menu button pattern): the button opens a list of actions,
 * the first one focused; arrow keys, Home and End move between them, Escape closes and
 * gives the focus back to the button, Tab or a tap elsewhere closes. A screen keeps its
 * rarely used actions here so the thumb's bar holds only what is used at every shelf.
 */
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface MenuItem {
  readonly label: string;
  /** Another screen: the item is a link. */
  readonly href?: string;
  readonly onSelect?: () => void;
  /** An on/off setting (menuitemcheckbox) when set. */
  readonly checked?: boolean;
  readonly danger?: boolean;
}

const items = (menu: HTMLElement | null): HTMLElement[] =>
  menu ? [...menu.querySelectorAll<HTMLElement>('[role^=menuitem]')] : [];

export function MenuButton(props: { label: string; items: readonly MenuItem[]; class?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const box = useRef<HTMLDivElement>(null);

  // A layout effect: the first item has the focus in the frame the menu first shows in
  // (a plain effect runs after paint, and a key pressed in between went to the button).
  useLayoutEffect(() => {
    if (!open) return;
    items(menu.current)[0]?.focus();
    // A tap anywhere else closes the menu (and does what it was meant to do there).
    const outside = (e: PointerEvent): void => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  const close = (focusButton: boolean): void => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  const onKey = (e: KeyboardEvent): void => {
    const all = items(menu.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number): void => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') close(false);
  };

  return (
    <div class={`menu-box ${props.class ?? ''}`} ref={box}>
      <button
        ref={button}
        type="button"
        class="menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          <circle cx="12" cy="5" r="2.2" />
          <circle cx="12" cy="12" r="2.2" />
          <circle cx="12" cy="19" r="2.2" />
        </svg>
        <span>{props.label}</span>
      </button>
      <ul id={id} ref={menu} role="menu" aria-label={props.label} class="menu" hidden={!open} onKeyDown={onKey}>
        {props.items.map((item) => (
          <li key={item.label} role="none">
            {item.href ? (
              <a role="menuitem" href={item.href} tabIndex={-1} onClick={() => close(false)}>
                {item.label}
              </a>
            ) : (
              <button
                type="button"
                role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
                aria-checked={item.checked}
                class={item.danger ? 'danger' : undefined}
                tabIndex={-1}
                onClick={() => {
                  close(true);
                  item.onSelect?.();
                }}
              >
                {item.checked !== undefined && (
                  <span class="menu-check" aria-hidden="true">
                    {item.checked ? '☑' : '☐'}
                  </span>
                )}
                {item.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
