/**
 * Handheld scanners in keyboard-wedge mode (rugged Android terminals, USB/Bluetooth
 * scanners) type the code as keystrokes and press Enter. On the count screen no field
 * needs the focus: keystrokes that arrive machine-fast and end in Enter, while no text
 * field has the focus, are a scan. A person typing is far slower than MAX_GAP_MS between
 * keys, so their keys are never taken; with a field focused, the scanner types into it
 * (the search box) as it would anywhere else.
 */
const MAX_GAP_MS = 60;
const MIN_LENGTH = 3;

const typingInField = (el: Element | null): boolean =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement ||
  (el instanceof HTMLElement && el.isContentEditable);

/** Listens on the window until the returned function is called. */
export function listenWedge(onScan: (code: string) => void): () => void {
  let buffer = '';
  let last = 0;
  const onKey = (e: KeyboardEvent): void => {
    if (typingInField(document.activeElement) || e.ctrlKey || e.altKey || e.metaKey) {
      buffer = '';
      return;
    }
    const now = performance.now();
    if (now - last > MAX_GAP_MS) buffer = '';
    last = now;
    if (e.key === 'Enter') {
      if (buffer.length >= MIN_LENGTH) {
        // Not a click on whatever button has the focus.
        e.preventDefault();
        e.stopPropagation();
        onScan(buffer);
      }
      buffer = '';
    } else if (e.key.length === 1) {
      buffer += e.key;
    }
  };
  window.addEventListener('keydown', onKey, { capture: true });
  return () => window.removeEventListener('keydown', onKey, { capture: true });
}
