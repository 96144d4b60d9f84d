/** Importer le stock: its own chunk, loaded when a supervisor opens it (counters never download it). */
export { ImportStock } from './ImportStock';
