/**
 * Whether the window is narrower than a recap table: below 600 px (a phone, upright) the
 * long tables are drawn as cards, one per line, so nothing scrolls sideways. Follows the
 * window as it turns or resizes.
 */
import { useEffect, useState } from 'preact/hooks';

const NARROW = '(max-width: 599.98px)';

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW).matches);
  useEffect(() => {
    const query = matchMedia(NARROW);
    const changed = () => setNarrow(query.matches);
    query.addEventListener('change', changed);
    changed();
    return () => query.removeEventListener('change', changed);
  }, []);
  return narrow;
}
