/** What every completer returns: the words that may come next, and whether they are file paths. */
export interface Candidates {
  candidates: string[];
  /** Paths: a folder completes with `/` instead of a space. */
  folders: boolean;
}

export const NONE: Candidates = { candidates: [], folders: false };

export function words(candidates: readonly string[]): Candidates {
  return { candidates: [...candidates], folders: false };
}
