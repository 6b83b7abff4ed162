import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { parseQrPayload, type QrFields } from '../../shared/slips/qr';

/**
 * What a person (or a verifier's phone) gets out of a slip: its text as a PDF reader extracts it
 * (pdf.js, through pdf-parse) and its QR decoded from the image embedded in the page (jsQR), never
 * from our own model. Runs test/slips/read-pdf.cjs in its own Node process.
 */
export function readPdf(bytes: Uint8Array): Promise<{ text: string; pages: number; qr?: QrFields; qrRaw?: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'read-pdf.cjs')], { maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`read-pdf failed: ${stderr || error.message}`));
      const { text, pages, qr } = JSON.parse(stdout) as { text: string; pages: number; qr: string[] };
      resolve({ text, pages, ...(qr[0] ? { qrRaw: qr[0], qr: parseQrPayload(qr[0]) } : {}) });
    });
    child.stdin!.end(Buffer.from(bytes));
  });
}

/** Downloads a presigned GET. */
export async function download(url: string): Promise<{ status: number; bytes: Uint8Array; contentType: string | null }> {
  const res = await fetch(url);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
}
