import { isAscii, isUtf8 } from 'node:buffer';
import { IntakeFileError } from './errors.js';
import { SNIFF_BYTES, type DetectedEncoding, type ReaderOptions } from './types.js';

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** Length of a UTF-8 sequence announced by a lead byte; 0 for a continuation or an invalid byte. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Strict UTF-8 check of a window. When the window is not the whole file, a sequence cut by the
 * window's end is not held against it. GBK text is invalid UTF-8 almost at once (its lead bytes
 * 0x81–0xFE are followed by bytes 0x40–0x7E or by another lead), so a window with real Chinese
 * text in it is not mistaken; only a few characters long can happen to be valid UTF-8.
 */
export function isUtf8Window(window: Uint8Array, final: boolean): boolean {
  if (final) return isUtf8(window);
  let end = window.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = window[end - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead
    const need = utf8SequenceLength(byte);
    if (need > back) end -= back; // the last sequence is incomplete: judge the bytes before it
    break;
  }
  return isUtf8(window.subarray(0, end));
}

export interface EncodingState {
  encoding: DetectedEncoding;
  /** True while every byte seen is ASCII and the encoding was chosen by 'auto': UTF-8 and GB18030 read ASCII alike. */
  pending: boolean;
}

/** Chooses the encoding from the first bytes (after a BOM has been recognised and cut off). */
export function chooseEncoding(body: Uint8Array, eof: boolean, bom: boolean, option: ReaderOptions['encoding']): EncodingState {
  // A UTF-8 BOM is proof enough, whatever the option says.
  if (bom) return { encoding: 'utf8-bom', pending: false };
  if (option === 'gbk' || option === 'gb18030') return { encoding: 'gb18030', pending: false };
  if (option === 'utf8') return { encoding: 'utf8', pending: false };
  if (isAscii(body)) return { encoding: 'utf8', pending: !eof };
  return { encoding: isUtf8Window(body, eof) ? 'utf8' : 'gb18030', pending: false };
}

function makeDecoder(encoding: DetectedEncoding): TextDecoder {
  return new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true, ignoreBOM: true });
}

/** Best-effort text of the first bytes, for sniffing only (never fatal). */
export function sniffText(body: Uint8Array, state: EncodingState, eof: boolean): string {
  if (state.pending) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return new TextDecoder(state.encoding === 'gb18030' ? 'gb18030' : 'utf-8').decode(body, { stream: !eof });
}

function countLineFeeds(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

/** Offset of the first byte that starts an invalid sequence (0 when none is found). */
function firstInvalidByte(bytes: Uint8Array, encoding: DetectedEncoding): number {
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at]!;
    if (b < 0x80) {
      at++;
      continue;
    }
    if (encoding === 'gb18030') {
      if (b === 0x80) { at++; continue; } // € in the WHATWG GBK table
      if (b === 0xff) return at;
      const b2 = bytes[at + 1];
      if (b2 === undefined) return at;
      if (b2 >= 0x30 && b2 <= 0x39) {
        const b3 = bytes[at + 2];
        const b4 = bytes[at + 3];
        if (b3 === undefined || b4 === undefined || b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return at;
        at += 4;
      } else if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) {
        at += 2;
      } else {
        return at;
      }
    } else {
      const need = utf8SequenceLength(b);
      if (need === 0 || at + need > bytes.length || !isUtf8(bytes.subarray(at, at + need))) return at;
      at += need;
    }
  }
  return 0;
}

function badEncoding(encoding: DetectedEncoding, line: number, cause: unknown): IntakeFileError {
  const name = encoding === 'gb18030' ? 'GBK/GB18030' : 'UTF-8';
  const hint = encoding === 'gb18030' ? "pass encoding: 'utf8' if the file is UTF-8" : "pass encoding: 'gbk' if the file is a GBK export";
  return new IntakeFileError('bad_encoding', `line ${line}: bytes that are not valid ${name} (${hint})`, { line, cause });
}

/**
 * Decodes byte chunks to text as they come. A multibyte character split across chunks is kept
 * whole (TextDecoder's stream mode). Invalid bytes raise `bad_encoding` with the line they are on.
 * While the state is pending, ASCII chunks pass as they are; at the first non-ASCII byte a window
 * of SNIFF_BYTES is held back to choose between UTF-8 and GB18030.
 */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, state: EncodingState): AsyncGenerator<string> {
  let decoder = state.pending ? null : makeDecoder(state.encoding);
  let linesBefore = 0;
  let held: Buffer[] = [];
  let heldLength = 0;

  const decode = (d: TextDecoder, chunk: Buffer): string => {
    let text: string;
    try {
      text = d.decode(chunk, { stream: true });
    } catch (error) {
      throw badEncoding(state.encoding, linesBefore + 1 + countLineFeeds(chunk, firstInvalidByte(chunk, state.encoding)), error);
    }
    linesBefore += countLineFeeds(chunk);
    return text;
  };
  const decide = (final: boolean): TextDecoder => {
    const window = held.length === 1 ? held[0]! : Buffer.concat(held, heldLength);
    state.encoding = isUtf8Window(window, final) ? 'utf8' : 'gb18030';
    state.pending = false;
    return makeDecoder(state.encoding);
  };
  function* release(d: TextDecoder): Generator<string> {
    const chunks = held;
    held = [];
    heldLength = 0;
    for (const chunk of chunks) yield decode(d, chunk);
  }

  for await (const chunk of chunks) {
    if (decoder !== null) {
      yield decode(decoder, chunk);
      continue;
    }
    if (heldLength === 0 && isAscii(chunk)) {
      linesBefore += countLineFeeds(chunk);
      yield chunk.toString('latin1');
      continue;
    }
    held.push(chunk);
    heldLength += chunk.length;
    if (heldLength >= SNIFF_BYTES) {
      decoder = decide(false);
      yield* release(decoder);
    }
  }
  if (decoder === null) {
    if (heldLength === 0) return;
    decoder = decide(true);
    yield* release(decoder);
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch (error) {
    throw badEncoding(state.encoding, linesBefore + 1, error);
  }
  if (tail.length > 0) yield tail;
}
