import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * The page layout shared by the statutory slips (Thông tư 01/2018/TT-VPCP forms 01-06): the issuing
 * body and the national motto side by side, the title, then blocks of text, fields, lists and tables,
 * the signature boxes and the QR. Pure: bytes in (fonts), bytes out (PDF); no AWS, no clock.
 */
export type Block =
  | { kind: 'text'; text: string; bold?: boolean; align?: 'left' | 'center' }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'list'; items: readonly string[] }
  /** Column widths are fractions of the text width. */
  | { kind: 'table'; columns: ReadonlyArray<{ title: string; width: number }>; rows: ReadonlyArray<readonly string[]> };

export interface SlipLayout {
  /** The body that issues it, e.g. `UBND XÃ AN BÌNH`. */
  issuer: string;
  /** Its part that signs, e.g. `BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ`. */
  issuerUnit?: string;
  /** `Mẫu số 01` … */
  form: string;
  title: string;
  /** Under the title, e.g. `Mã hồ sơ: UBNDAB-260105-0001`. */
  subtitle?: string;
  /** Place and date line, e.g. `Xã An Bình, ngày 5 tháng 1 năm 2026`. */
  placeAndDate: string;
  blocks: readonly Block[];
  signatures: ReadonlyArray<{ title: string; note?: string; name?: string }>;
  qr?: { payload: string; caption: string };
  landscape?: boolean;
  /** Document metadata (PDF info dictionary). */
  metadata: { title: string; subject: string; createdAt: Date };
}

/** The TTF bytes of the one family the slips use: every Vietnamese glyph, embedded as a subset. */
export interface SlipFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 11;
const LINE = 15;
const INK = rgb(0, 0, 0);

/** Greedy word wrap by measured width; a word longer than the line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** Renders a slip to PDF bytes. */
export async function renderSlip(layout: SlipLayout, fonts: SlipFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Subset: only the glyphs used are embedded (a slip is ~20-40 KB, not the font's 140 KB).
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  doc.setTitle(layout.metadata.title);
  doc.setSubject(layout.metadata.subject);
  doc.setLanguage('vi-VN');
  doc.setCreator('motcua');
  doc.setProducer('motcua');
  doc.setCreationDate(layout.metadata.createdAt);
  doc.setModificationDate(layout.metadata.createdAt);

  const [w, h] = layout.landscape ? [A4[1], A4[0]] : A4;
  const textWidth = w - 2 * MARGIN;
  let page: PDFPage = doc.addPage([w, h]);
  let y = h - MARGIN;
  const room = (needed: number) => {
    if (y - needed >= MARGIN) return;
    page = doc.addPage([w, h]);
    y = h - MARGIN;
  };
  const draw = (text: string, x: number, options: { font?: PDFFont; size?: number } = {}) => page.drawText(text, { x, y, size: options.size ?? SIZE, font: options.font ?? regular, color: INK });
  const centred = (text: string, centre: number, font: PDFFont, size = SIZE) => draw(text, centre - font.widthOfTextAtSize(text, size) / 2, { font, size });

  // Header: the issuer on the left, the national motto on the right, as every administrative form.
  const left = MARGIN + textWidth * 0.22;
  const right = MARGIN + textWidth * 0.72;
  const headerLines = Math.max(wrap(layout.issuer, bold, 10, textWidth * 0.44).length, 1);
  wrap(layout.issuer, bold, 10, textWidth * 0.44).forEach((line, i) => {
    page.drawText(line, { x: left - bold.widthOfTextAtSize(line, 10) / 2, y: y - i * 13, size: 10, font: bold, color: INK });
  });
  if (layout.issuerUnit) {
    const line = layout.issuerUnit;
    page.drawText(line, { x: left - regular.widthOfTextAtSize(line, 9) / 2, y: y - headerLines * 13, size: 9, font: regular, color: INK });
  }
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, bold, 10);
  y -= 13;
  centred('Độc lập - Tự do - Hạnh phúc', right, bold, 10);
  y -= 4;
  page.drawLine({ start: { x: right - 60, y }, end: { x: right + 60, y }, thickness: 0.6, color: INK });
  y -= 14 + Math.max(0, headerLines + (layout.issuerUnit ? 1 : 0) - 2) * 13;
  const dateLine = layout.placeAndDate;
  page.drawText(dateLine, { x: right - regular.widthOfTextAtSize(dateLine, 10) / 2, y, size: 10, font: regular, color: INK });
  page.drawText(layout.form, { x: MARGIN, y, size: 9, font: regular, color: INK });
  y -= 30;

  for (const line of wrap(layout.title, bold, 14, textWidth)) {
    centred(line, w / 2, bold, 14);
    y -= 18;
  }
  if (layout.subtitle) {
    centred(layout.subtitle, w / 2, regular, SIZE);
    y -= LINE;
  }
  y -= 8;

  for (const block of layout.blocks) {
    switch (block.kind) {
      case 'text': {
        const font = block.bold ? bold : regular;
        for (const line of wrap(block.text, font, SIZE, textWidth)) {
          room(LINE);
          if (block.align === 'center') centred(line, w / 2, font);
          else draw(line, MARGIN, { font });
          y -= LINE;
        }
        break;
      }
      case 'field': {
        const label = `${block.label}: `;
        const labelWidth = bold.widthOfTextAtSize(label, SIZE);
        const lines = wrap(block.value || '…', regular, SIZE, textWidth - labelWidth);
        room(LINE);
        draw(label, MARGIN, { font: bold });
        lines.forEach((line, i) => {
          if (i > 0) room(LINE);
          draw(line, MARGIN + labelWidth);
          y -= LINE;
        });
        break;
      }
      case 'list':
        block.items.forEach((item, i) => {
          const lines = wrap(item, regular, SIZE, textWidth - 20);
          lines.forEach((line, j) => {
            room(LINE);
            if (j === 0) draw(`${i + 1}.`, MARGIN + 4);
            draw(line, MARGIN + 20);
            y -= LINE;
          });
        });
        break;
      case 'table':
        drawTable(block);
        break;
    }
    y -= 4;
  }

  function drawTable(table: Extract<Block, { kind: 'table' }>) {
    const size = 8;
    const lineHeight = 10;
    const widths = table.columns.map((column) => column.width * textWidth);
    const row = (cells: readonly string[], font: PDFFont) => {
      const wrapped = cells.map((cell, i) => wrap(cell, font, size, widths[i]! - 6));
      const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + 6;
      room(height);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        page.drawRectangle({ x, y: y - height, width: widths[i]!, height, borderColor: INK, borderWidth: 0.5 });
        lines.forEach((line, j) => {
          page.drawText(line, { x: x + 3, y: y - 3 - (j + 1) * lineHeight + 2, size, font, color: INK });
        });
        x += widths[i]!;
      });
      y -= height;
    };
    row(
      table.columns.map((column) => column.title),
      bold,
    );
    for (const cells of table.rows) row(cells, regular);
    y -= 6;
  }

  // Signature boxes side by side, then the QR with its caption at the bottom left.
  room(90);
  y -= 10;
  const boxWidth = textWidth / Math.max(layout.signatures.length, 1);
  layout.signatures.forEach((signature, i) => {
    const centre = MARGIN + boxWidth * (i + 0.5);
    const top = y;
    centred(signature.title, centre, bold);
    y -= LINE;
    if (signature.note) centred(signature.note, centre, regular, 9);
    y -= 50;
    if (signature.name) centred(signature.name, centre, bold);
    y = top;
  });
  y -= 80;

  if (layout.qr) {
    const size = 110;
    room(size + 30);
    const png = await QRCode.toBuffer(layout.qr.payload, { errorCorrectionLevel: 'M', margin: 2, scale: 4, type: 'png' });
    const image = await doc.embedPng(png);
    page.drawImage(image, { x: MARGIN, y: y - size, width: size, height: size });
    wrap(layout.qr.caption, regular, 8, textWidth - size - 12).forEach((line, i) => {
      page.drawText(line, { x: MARGIN + size + 12, y: y - 12 - i * 10, size: 8, font: regular, color: INK });
    });
    y -= size + 10;
  }
  return doc.save();
}
