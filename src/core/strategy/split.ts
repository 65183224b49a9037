// Champion/challenger: a stable hash of (case id, experiment salt) → a point in [0, 1); the challenger takes the cases
// below its share. The same case stays in the same arm for as long as the salt is kept; a new salt reshuffles.

/** FNV-1a over UTF-16 code units, then murmur3's 32-bit finaliser for avalanche. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The point in [0, 1) for a case in an experiment. */
export function splitPoint(caseId: string, salt: string): number {
  return hash32(`${salt}\u0000${caseId}`) / 2 ** 32;
}

export const MAX_CHALLENGER_SHARE = 50;

/** The arm for a case: 'challenger' when its point is below share% (0–50). */
export function armOf(caseId: string, salt: string, sharePercent: number): 'champion' | 'challenger' {
  if (!(sharePercent >= 0 && sharePercent <= MAX_CHALLENGER_SHARE)) throw new RangeError(`challenger share must be 0–${MAX_CHALLENGER_SHARE} %, got ${sharePercent}`);
  return splitPoint(caseId, salt) < sharePercent / 100 ? 'challenger' : 'champion';
}
