/**
 * The XLSX shared-string table, stored compactly: entries are copied into ~1M-character pages
 * (one flat string each) and found by page, start and length. Keeping the strings as the XML
 * parser hands them out would pin whole decoded chunks (a slice keeps its parent alive) and add
 * an object header per entry: about three times the memory for a large workbook.
 */
export class StringTable {
  private pages: string[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private pageOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private lengthOf = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(text: string): void {
    if (this.count === this.pageOf.length) {
      const grow = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.pageOf = grow(this.pageOf);
      this.startOf = grow(this.startOf);
      this.lengthOf = grow(this.lengthOf);
    }
    this.pageOf[this.count] = this.pages.length;
    this.startOf[this.count] = this.pendingChars;
    this.lengthOf[this.count] = text.length;
    this.count++;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= 1 << 20) this.flush();
  }

  /** Call once every entry is pushed. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.pages.push(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const page = this.pages[this.pageOf[index]!];
    if (page === undefined) return undefined;
    const start = this.startOf[index]!;
    return page.slice(start, start + this.lengthOf[index]!);
  }
}
