import { foldVietnamese } from '../../../shared/domain/search';

/**
 * A one-page PDF standing in for a form template, so that the demo's level-2 downloads work. The
 * official forms are published with each legal instrument; an admin replaces these through upload-url.
 * Helvetica has no Vietnamese glyphs, hence the folded text.
 */
export function placeholderPdf(title: string, procedureName: string): Uint8Array {
  const line = (text: string) =>
    foldVietnamese(text)
      .replace(/[^\x20-\x7e]/g, '?')
      .replace(/[()\\]/g, '\\$&');
  const content = `BT /F1 16 Tf 56 760 Td (${line(title)}) Tj 0 -24 Td /F1 11 Tf (${line(procedureName)}) Tj 0 -18 Td (Mau minh hoa - demo motcua. Thay bang mau chinh thuc qua POST /admin/procedures/{code}/forms/{formId}/upload-url.) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
