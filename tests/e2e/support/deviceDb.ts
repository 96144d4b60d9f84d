/**
 * Puts a phone's IndexedDB back the way an earlier version of the app wrote it, with raw
 * indexedDB (not the app's code), so a test can load the new version on it and see the
 * upgrade as a user's phone would. The page must be on the app's origin with no app
 * running (a /api/ address: the service worker leaves those to the network).
 */
import type { Page } from 'playwright-core';

export interface RewriteReport {
  /** The version the database was at (Dexie's version × 10). */
  readonly from: number;
  readonly stores: readonly string[];
  readonly chunks: number;
}

/**
 * Schema version 3 (IndexedDB version 30): the same stores and indexes as version 4,
 * each snapshot chunk as JSON of line objects (`json`) instead of columns (`columns`).
 */
export const rewriteAsVersion3 = (page: Page): Promise<RewriteReport> =>
  page.evaluate(async () => {
    const done = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await done(indexedDB.open('decompte'));
    const from = db.version;
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readonly');
    const stores = await Promise.all(
      names.map(async (name) => {
        const s = tx.objectStore(name);
        const indexes = [...s.indexNames].map((i) => {
          const ix = s.index(i);
          return { name: i, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
        });
        return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes, records: await done(s.getAll()) };
      }),
    );
    db.close();
    await done(indexedDB.deleteDatabase('decompte'));

    const asObjects = (text: string): unknown[] => {
      const columns = JSON.parse(text) as Record<string, unknown[]>;
      return columns.key!.map((_, i) => {
        const line: Record<string, unknown> = {};
        for (const [field, values] of Object.entries(columns)) {
          if (field === 'packs' && values[i] === null) continue;
          line[field] = field === 'added' ? values[i] === 1 : values[i];
        }
        return line;
      });
    };
    const open = indexedDB.open('decompte', 30);
    open.onupgradeneeded = () => {
      for (const s of stores) {
        const os = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const i of s.indexes) os.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    const old = await done(open);
    const write = old.transaction(names, 'readwrite');
    let chunks = 0;
    for (const s of stores)
      for (const record of s.records as Record<string, unknown>[]) {
        if (s.name === 'chunks') {
          const { columns, ...rest } = record;
          write.objectStore(s.name).put({ ...rest, json: JSON.stringify(asObjects(columns as string)) });
          chunks++;
        } else write.objectStore(s.name).put(record);
      }
    await new Promise<void>((resolve, reject) => {
      write.oncomplete = () => resolve();
      write.onerror = () => reject(write.error ?? new Error('IndexedDB request failed'));
    });
    old.close();
    return { from, stores: names, chunks };
  });

/** The snapshot chunks' stored fields, and the database's version, as the phone holds them. */
export const chunkFields = (page: Page): Promise<{ version: number; fields: string[] }> =>
  page.evaluate(async () => {
    const done = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await done(indexedDB.open('decompte'));
    const all = (await done(db.transaction('chunks').objectStore('chunks').getAll())) as object[];
    db.close();
    return { version: db.version, fields: [...new Set(all.flatMap((c) => Object.keys(c)))].sort() };
  });

/** An event as the device stores it (the fields a test looks at). */
export interface RawEvent {
  readonly id: string;
  readonly inventoryId: number;
  readonly lineKey: string;
  readonly qty: string | null;
  readonly seq: number;
  readonly pending: number;
  readonly error: string | null;
}

/** Every count event the device holds, with raw indexedDB (the app's code may not run, or not open it). */
export const storedEvents = (page: Page): Promise<RawEvent[]> =>
  page.evaluate(async () => {
    const done = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await done(indexedDB.open('decompte'));
    const all = (await done(db.transaction('events').objectStore('events').getAll())) as RawEvent[];
    db.close();
    return all;
  });
