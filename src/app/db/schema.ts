/**
 * The device's database (IndexedDB through Dexie): the only module that declares what is
 * stored on the device. The snapshot is immutable and big (up to hundreds of thousands of
 * lines), so it is kept as JSON chunks of CHUNK_LINES lines — a few hundred records to
 * write and read, not one record per line. Counts are small and hot: one register per
 * line this device counted, and the append-only event log that doubles as the outbox.
 * Schema versions are never edited once shipped: add a new `version(n)`.
 */
import Dexie, { type Table } from 'dexie';
import type { CountEventDto, InventoryDto, LineDto, RecountDto, Role } from '../../core/api/dto';
import { encodeChunk } from './chunkColumns';

export const CHUNK_LINES = 2000;

/** 0/1 rather than booleans: IndexedDB cannot index booleans. */
export type Flag = 0 | 1;

export interface StoredSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly username: string;
  readonly role: Role;
}

export interface StoredLocation {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

export interface StoredExport {
  readonly fileName: string;
  readonly savedAt: string;
  /** Kept until the server has it, so a failed upload can be retried; dropped after. */
  readonly bytes: Uint8Array | null;
  readonly uploaded: boolean;
}

export interface StoredInventory extends InventoryDto {
  readonly location: StoredLocation;
  readonly lineCount: number;
  readonly chunkCount: number;
  /** The lines came without expected quantities (a counter on a blind count). */
  readonly blind: boolean;
  /**
   * The inventory is counted blind (the server's detail: counters see no expected
   * quantity); what the printed count sheet follows. Absent: stored before it was kept.
   */
  readonly blindCount?: boolean;
  /** Every bin of the location, for the checklist (lines cover only bins holding stock). */
  readonly bins: readonly string[];
  readonly storedAt: string;
  readonly before: StoredExport | null;
  readonly after: StoredExport | null;
  /** The recount requests as last fetched (no quantity in them: fine on a blind count); absent: none known. */
  readonly recounts?: readonly RecountDto[];
}

export interface SnapshotChunk {
  readonly inventoryId: number;
  readonly index: number;
  /**
   * The lines as JSON columns (chunkColumns.ts): one string is far cheaper to store and
   * load than 2,000 objects, and columns without field names are 41 % shorter.
   */
  readonly columns: string;
}

/** A chunk as versions 1-3 stored it: JSON of LineDto[]. */
interface ChunkUpToV3 {
  json?: string;
  columns?: string;
}

/** A line this device added with "Ajouter réf.", waiting to reach the server when pending. */
export interface AddedLine {
  readonly inventoryId: number;
  readonly key: string;
  readonly line: LineDto;
  readonly request: AddLineRequest;
  readonly pending: Flag;
  readonly error: string | null;
}

export interface AddLineRequest {
  readonly itemRef: string | null;
  readonly barcode: string | null;
  readonly designation: string | null;
  readonly supplier: string | null;
  readonly unit: string | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  /** A new reference's unit cost ("12.50"), when the counter knows it; absent on lines added before it existed. */
  readonly unitCost?: string | null;
}

/** This device's own count of a line (qty null: withdrawn, the line is no longer counted here). */
export interface StoredRegister {
  readonly inventoryId: number;
  readonly lineKey: string;
  /** The count round it belongs to (absent: 0); a recount's first count replaces it here. */
  readonly round?: number;
  readonly qty: string | null;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
}

/** A count event as the server will store it (less its server order), plus the outbox's bookkeeping. */
export interface StoredEvent extends Omit<CountEventDto, 'cursor' | 'late'> {
  readonly inventoryId: number;
  /** 1 until the server acknowledged it: the outbox is the events still pending. */
  readonly pending: Flag;
  /** What the register held before, so "undo" can put it back. */
  readonly prevQty: string | null;
  readonly undone: Flag;
  /** Set on the event that undid another one. */
  readonly undoOf: string | null;
  /** Set when the server refused the event (kept, shown, never dropped). */
  readonly error: string | null;
  /** 1: a refused event the user gave up by hand (out of the outbox, kept in the log). */
  readonly discarded?: Flag;
}

export interface StoredBinCheck {
  readonly inventoryId: number;
  readonly bin: string;
  readonly empty: boolean;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
  readonly pending: Flag;
}

/**
 * Another device's count of a line in one round, as pulled from the server (highest seq
 * wins, as in core/counting.ts): the line's total is the sum, over this device's register
 * and these, of the line's deciding round (the highest holding a quantity).
 */
export interface OtherRegister {
  readonly inventoryId: number;
  readonly lineKey: string;
  readonly deviceId: string;
  /** The count round (0: first count; n: the n-th recount). */
  readonly round: number;
  /** null: that device withdrew its count of the line (or, with `withheld`, counted it). */
  readonly qty: string | null;
  /** The device counted the line; the server did not say how much (a counter on a blind count). */
  readonly withheld?: boolean;
  readonly seq: number;
  readonly eventId: string;
  readonly counter: string;
  readonly at: string;
}

export interface MetaRow {
  readonly key: string;
  readonly value: unknown;
}

export class DecompteDb extends Dexie {
  meta!: Table<MetaRow, string>;
  inventories!: Table<StoredInventory, number>;
  chunks!: Table<SnapshotChunk, [number, number]>;
  addedLines!: Table<AddedLine, [number, string]>;
  registers!: Table<StoredRegister, [number, string]>;
  events!: Table<StoredEvent, string>;
  binChecks!: Table<StoredBinCheck, [number, string]>;
  otherRounds!: Table<OtherRegister, [number, string, string, number]>;

  constructor(name = 'decompte') {
    super(name);
    this.version(1).stores({
      meta: 'key',
      inventories: 'id',
      chunks: '[inventoryId+index]',
      addedLines: '[inventoryId+key], [inventoryId+pending]',
      registers: '[inventoryId+lineKey]',
      events: 'id, [inventoryId+seq], [inventoryId+pending]',
      binChecks: '[inventoryId+bin], [inventoryId+pending]',
    });
    // The pull: other devices' registers per line (their cursor is a meta row `pull:<id>`).
    this.version(2).stores({ others: '[inventoryId+lineKey+deviceId]' });
    // Registers per round, as the server keeps them: a recount must not add to the first
    // count it replaces. Version 2 kept one per device and lost the round, so its rows go
    // and the pull starts again from the first event (a pull is idempotent).
    this.version(3)
      .stores({ others: null, otherRounds: '[inventoryId+lineKey+deviceId+round]' })
      .upgrade((tx) => tx.table('meta').where('key').startsWith('pull:').delete());
    // Chunks as columns: the stored ones are rewritten once, counts untouched.
    this.version(4).upgrade((tx) =>
      tx
        .table<ChunkUpToV3>('chunks')
        .toCollection()
        .modify((c) => {
          if (c.json === undefined) return;
          c.columns = encodeChunk(JSON.parse(c.json) as LineDto[]);
          delete c.json;
        }),
    );
  }
}

export const db = new DecompteDb();
