// Counts live only in this browser until they are synced: if the browser evicts the site's
// data under storage pressure, unsent counts are lost. Persistent storage prevents that,
// and showing the usage lets a supervisor see a device running out of room.

export type PersistResult = 'granted' | 'denied' | 'unsupported';

export interface StorageUse {
  usedBytes: number;
  quotaBytes: number;
  persisted: boolean;
}

function storageManager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' && 'storage' in navigator ? navigator.storage : undefined;
}

/** Asks the browser to keep our data (it may ask the user); asks only if not already granted. */
export async function askPersistentStorage(): Promise<PersistResult> {
  const storage = storageManager();
  if (!storage || typeof storage.persist !== 'function' || typeof storage.persisted !== 'function') {
    return 'unsupported';
  }
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/** What this origin uses and may use, or null where the browser does not say. */
export async function storageUse(): Promise<StorageUse | null> {
  const storage = storageManager();
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const [estimate, persisted] = await Promise.all([
      storage.estimate(),
      typeof storage.persisted === 'function' ? storage.persisted() : Promise.resolve(false),
    ]);
    return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
  } catch {
    return null;
  }
}
