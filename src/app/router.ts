/**
 * Hash routes: they work from the service worker's cached shell with no server round
 * trip, and a reload lands on the same screen (the count in progress, not the home page).
 */
import { signal } from '@preact/signals';

export type Route =
  | { readonly name: 'inventories' }
  | { readonly name: 'new' }
  | { readonly name: 'deliveries' }
  | { readonly name: 'import' }
  | { readonly name: 'count'; readonly id: number }
  | { readonly name: 'bins'; readonly id: number }
  | { readonly name: 'add'; readonly id: number; readonly prefill?: AddPrefill }
  | { readonly name: 'print'; readonly id: number }
  | { readonly name: 'recap'; readonly id: number }
  | { readonly name: 'devices'; readonly id: number }
  | { readonly name: 'admin-users' }
  | { readonly name: 'admin-locations' };

/** What a scan of an unknown code fills in on Ajouter réf. (carried in the hash's query). */
export interface AddPrefill {
  readonly barcode?: string;
  readonly itemRef?: string;
  readonly lot?: string;
  readonly serial?: string;
}

const PREFILL_KEYS = ['barcode', 'itemRef', 'lot', 'serial'] as const;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'new') return { name: 'new' };
  if (parts[0] === 'admin') return parts[1] === 'locations' ? { name: 'admin-locations' } : { name: 'admin-users' };
  if (parts[0] === 'webhooks') return { name: 'deliveries' };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'inventory' && parts[1] && /^\d+$/.test(parts[1])) {
    const id = Number(parts[1]);
    const sub = parts[2];
    if (sub === 'add') return query ? { name: sub, id, prefill: parsePrefill(query) } : { name: sub, id };
    if (sub === 'bins' || sub === 'print' || sub === 'recap' || sub === 'devices') return { name: sub, id };
    return { name: 'count', id };
  }
  return { name: 'inventories' };
}

function parsePrefill(query: string): AddPrefill {
  const params = new URLSearchParams(query);
  return Object.fromEntries(PREFILL_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])));
}

const prefillQuery = (r: Route): string => {
  if (r.name !== 'add' || !r.prefill) return '';
  const p = r.prefill;
  const params = new URLSearchParams(PREFILL_KEYS.flatMap((k) => (p[k] ? [[k, p[k]]] : [])));
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const hrefOf = (r: Route): string =>
  r.name === 'inventories'
    ? '#/'
    : r.name === 'new'
      ? '#/new'
      : r.name === 'admin-users'
        ? '#/admin/users'
        : r.name === 'admin-locations'
          ? '#/admin/locations'
          : r.name === 'import'
            ? '#/import'
            : r.name === 'deliveries'
              ? '#/webhooks'
              : r.name === 'count'
                ? `#/inventory/${r.id}`
                : `#/inventory/${r.id}/${r.name}${prefillQuery(r)}`;

export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function navigate(r: Route): void {
  location.hash = hrefOf(r);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    route.value = parseRoute(location.hash);
  });
}
