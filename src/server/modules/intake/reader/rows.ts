import { IntakeFileError } from './errors.js';
import type { RowRecord } from './types.js';

export function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

/** Header cells trimmed, trailing empty ones dropped. */
export function normalizeHeader(cells: readonly string[]): string[] {
  const header = cells.map((cell) => cell.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  return header;
}

/** Pads a row to the header's width; drops empty cells past it (non-empty extras are kept). */
export function fitToHeader(cells: string[], width: number): string[] {
  if (cells.length < width) {
    for (let i = cells.length; i < width; i++) cells.push('');
  } else if (cells.length > width) {
    let end = cells.length;
    while (end > width && cells[end - 1] === '') end--;
    cells.length = end;
  }
  return cells;
}

export function checkCellSizes(cells: readonly string[], maxCellBytes: number, line: number): void {
  const cheap = Math.floor(maxCellBytes / 3); // UTF-8 needs at most 3 bytes per UTF-16 unit
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.length > cheap) {
      const bytes = Buffer.byteLength(cell, 'utf8');
      if (bytes > maxCellBytes) {
        throw new IntakeFileError('cell_too_large', `line ${line}, column ${i + 1}: a cell of ${bytes} bytes (the limit is ${maxCellBytes})`, { line, column: i + 1 });
      }
    }
  }
}

/**
 * Wraps a started row generator as a one-pass iterable. `close` ends it (running its finally
 * blocks) even if the consumer never iterates.
 */
export function onePass(generator: AsyncGenerator<RowRecord>): { rows: AsyncIterable<RowRecord>; close: () => Promise<void> } {
  let taken = false;
  return {
    rows: {
      [Symbol.asyncIterator]() {
        if (taken) throw new Error('rows can be iterated only once');
        taken = true;
        return generator;
      },
    },
    close: async () => {
      await generator.return(undefined);
    },
  };
}
