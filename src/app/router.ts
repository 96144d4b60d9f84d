/**
 * Hash routes: they work from the service worker's cached shell with no server round
 * trip, and a reload lands on the same screen (the count in progress, not the home page).
 */
import { signal } from '@preact/signals';

export type Route =
  | { readonly name: 'inventories' }
  | { readonly name: 'new' }
  | { readonly name: 'count'; readonly id: number }
  | { readonly name: 'bins'; readonly id: number }
  | { readonly name: 'add'; readonly id: number }
  | { readonly name: 'print'; readonly id: number }
  | { readonly name: 'recap'; readonly id: number };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'new') return { name: 'new' };
  if (parts[0] === 'inventory' && parts[1] && /^\d+$/.test(parts[1])) {
    const id = Number(parts[1]);
    const sub = parts[2];
    if (sub === 'bins' || sub === 'add' || sub === 'print' || sub === 'recap') return { name: sub, id };
    return { name: 'count', id };
  }
  return { name: 'inventories' };
}

export const hrefOf = (r: Route): string =>
  r.name === 'inventories'
    ? '#/'
    : r.name === 'new'
      ? '#/new'
      : r.name === 'count'
        ? `#/inventory/${r.id}`
        : `#/inventory/${r.id}/${r.name}`;

export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function navigate(r: Route): void {
  location.hash = hrefOf(r);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    route.value = parseRoute(location.hash);
  });
}
