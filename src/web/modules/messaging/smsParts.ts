/**
 * SMS length: text with any character outside 7-bit ASCII goes as UCS-2 (70 characters in one part, 67 per part when
 * split); plain ASCII text as GSM-7 (160, 153 per part). Counted on the template text as written.
 */
export function smsParts(text: string): { chars: number; parts: number; perPart: number; unicode: boolean } {
  const chars = [...text].length;
  const unicode = /[^\x00-\x7f]/.test(text);
  const single = unicode ? 70 : 160;
  const multi = unicode ? 67 : 153;
  if (chars === 0) return { chars, parts: 0, perPart: single, unicode };
  if (chars <= single) return { chars, parts: 1, perPart: single, unicode };
  return { chars, parts: Math.ceil(chars / multi), perPart: multi, unicode };
}

/** The offending text quoted in a server message: 「…」 (Chinese) or "…" (English). */
export function quotedSpans(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/「([^」]+)」|"([^"]+)"/g)) {
    const s = m[1] ?? m[2];
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Ranges of every occurrence of the given texts in a body, sorted, without overlaps. */
export function findRanges(body: string, texts: string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const t of texts) {
    let at = body.indexOf(t);
    while (t && at >= 0) {
      ranges.push({ start: at, end: at + t.length });
      at = body.indexOf(t, at + t.length);
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of ranges) if (!out.length || r.start >= out[out.length - 1]!.end) out.push(r);
  return out;
}
