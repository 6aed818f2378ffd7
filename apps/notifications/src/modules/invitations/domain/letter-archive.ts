import type { RenderedLetter } from './ports.js';

/** Printable letters kept for the coordinator (the first version of a key wins). */
export abstract class LetterArchive {
  abstract save(letter: RenderedLetter): Promise<{ id: string; path: string; duplicate: boolean }>;
  abstract read(id: string): Promise<{ contentType: string; body: Buffer } | undefined>;
  abstract list(): Promise<Array<{ id: string; file: string; savedAt: string }>>;
}
