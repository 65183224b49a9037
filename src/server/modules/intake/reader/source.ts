/** Pull-based byte source over a Node stream or any async iterable, counting the bytes it hands out. */
export type ByteInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError(`expected byte chunks, got ${typeof chunk}`);
}

export class ByteSource {
  private readonly iterator: AsyncIterator<unknown>;
  private finished = false;
  /** Bytes handed out so far. */
  bytes = 0;

  constructor(input: ByteInput) {
    const iterable = input as AsyncIterable<unknown>;
    if (typeof iterable[Symbol.asyncIterator] !== 'function') throw new TypeError('the input is not an async iterable stream');
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  /** The next non-empty chunk, or null at the end. */
  async next(): Promise<Buffer | null> {
    while (!this.finished) {
      const step = await this.iterator.next();
      if (step.done) {
        this.finished = true;
        return null;
      }
      const chunk = toBuffer(step.value);
      if (chunk.length === 0) continue;
      this.bytes += chunk.length;
      return chunk;
    }
    return null;
  }

  /** Stops reading; a Node stream is destroyed (its file descriptor closed). Idempotent. */
  async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.iterator.return?.();
  }
}

/** Reads at least `min` bytes (fewer only at the end). */
export async function readHead(source: ByteSource, min: number): Promise<{ head: Buffer; eof: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < min) {
    const chunk = await source.next();
    if (chunk === null) return { head: Buffer.concat(parts, length), eof: true };
    parts.push(chunk);
    length += chunk.length;
  }
  return { head: parts.length === 1 ? parts[0]! : Buffer.concat(parts, length), eof: false };
}

/** `first`, then the rest of the source; closes the source when the consumer stops early. */
export async function* chunksFrom(first: Buffer, source: ByteSource): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    for (let chunk = await source.next(); chunk !== null; chunk = await source.next()) yield chunk;
  } finally {
    await source.close();
  }
}
