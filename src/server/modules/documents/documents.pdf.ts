// PDF rendering for case documents: a small block layout (title, paragraphs, key–value lists, tables, signature
// lines) drawn with pdfkit in Noto Sans SC, which covers Chinese and Latin text; pdfkit embeds only the glyphs a
// document uses (a one-page agreement is ~10 kB). The font is read once per process from the
// @expo-google-fonts/noto-sans-sc package (SIL Open Font License).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; muted?: boolean }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: { title: string; width: number; align?: 'left' | 'right' }[]; rows: string[][]; footer?: string[] }
  | { kind: 'signatures'; parties: string[]; dateLabel: string };

export type PdfSpec = { title: string; subtitle?: string; author: string; blocks: PdfBlock[]; footer: string };

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  if (!fonts) {
    const dir = require.resolve('@expo-google-fonts/noto-sans-sc/package.json').replace(/package\.json$/, '');
    fonts = { regular: fs.readFileSync(`${dir}400Regular/NotoSansSC_400Regular.ttf`), bold: fs.readFileSync(`${dir}700Bold/NotoSansSC_700Bold.ttf`) };
  }
  return fonts;
}

const MARGIN = 56;
const INK = '#1f1f1f';
const MUTED = '#595959';
const RULE = '#bfbfbf';

/**
 * Renders a document. `createdAt` fixes the PDF's creation date (so the same input gives the same bytes and the
 * same SHA-256, which the tests rely on).
 */
export function renderPdf(spec: PdfSpec, createdAt: Date): Promise<Buffer> {
  const f = loadFonts();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: spec.title, Author: spec.author, Creator: 'Concord', CreationDate: createdAt, ModDate: createdAt } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', f.regular);
  doc.registerFont('bold', f.bold);
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN - 24;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.font('bold').fontSize(18).fillColor(INK).text(spec.title, { align: 'center' });
  if (spec.subtitle) doc.moveDown(0.2).font('body').fontSize(10).fillColor(MUTED).text(spec.subtitle, { align: 'center' });
  doc.moveDown(1);

  for (const b of spec.blocks) {
    if (b.kind === 'heading') {
      ensure(40);
      doc.moveDown(0.4).font('bold').fontSize(12).fillColor(INK).text(b.text);
      doc.moveDown(0.3);
    } else if (b.kind === 'paragraph') {
      doc.font('body').fontSize(10).fillColor(b.muted ? MUTED : INK).text(b.text, { align: 'justify', lineGap: 2 });
      doc.moveDown(0.4);
    } else if (b.kind === 'fields') {
      const labelW = 120;
      for (const [label, value] of b.rows) {
        ensure(18);
        const y = doc.y;
        doc.font('body').fontSize(10).fillColor(MUTED).text(label, MARGIN, y, { width: labelW });
        const afterLabel = doc.y;
        doc.fillColor(INK).text(value, MARGIN + labelW, y, { width: width - labelW });
        doc.y = Math.max(afterLabel, doc.y) + 2;
      }
      doc.x = MARGIN;
      doc.moveDown(0.3);
    } else if (b.kind === 'table') {
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      const widths = b.columns.map((c) => (c.width / total) * width);
      const row = (cells: string[], font: 'body' | 'bold') => {
        ensure(16);
        const y = doc.y;
        let x = MARGIN;
        let h = 0;
        cells.forEach((cell, i) => {
          doc.font(font).fontSize(9).fillColor(INK).text(cell, x + 3, y + 3, { width: widths[i]! - 6, align: b.columns[i]?.align ?? 'left' });
          h = Math.max(h, doc.y - y);
          x += widths[i]!;
        });
        doc.y = y + h + 3;
        doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
      };
      doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
      row(b.columns.map((c) => c.title), 'bold');
      for (const r of b.rows) row(r, 'body');
      if (b.footer) row(b.footer, 'bold');
      doc.x = MARGIN;
      doc.moveDown(0.6);
    } else {
      ensure(90);
      doc.moveDown(1.5);
      const colW = width / b.parties.length;
      const y = doc.y;
      b.parties.forEach((party, i) => {
        const x = MARGIN + i * colW;
        doc.font('body').fontSize(10).fillColor(INK).text(`${party}：`, x, y, { width: colW - 12 });
        doc.text('', x, y + 36);
        doc.moveTo(x, y + 34).lineTo(x + colW - 24, y + 34).lineWidth(0.5).strokeColor(INK).stroke();
        doc.fillColor(MUTED).text(`${b.dateLabel}：`, x, y + 44, { width: colW - 12 });
      });
      doc.x = MARGIN;
      doc.y = y + 70;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin: without this pdfkit would start a new page
    doc.font('body').fontSize(8).fillColor(MUTED)
      .text(`${spec.footer} · ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN + 8, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
