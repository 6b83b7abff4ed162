// Reads a PDF from stdin the way a person's reader does and prints JSON { text, pages, qr }: the
// text as pdf.js extracts it, and every QR code decoded (jsQR) from the images embedded in the
// pages. A separate Node process, because pdf.js loads its worker with a dynamic import() that
// jest's CommonJS sandbox cannot run.
const { PDFParse } = require('pdf-parse');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');

(async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = await parser.getText();
  const images = await parser.getImage();
  const qr = [];
  for (const page of images.pages) {
    for (const image of page.images) {
      const png = PNG.sync.read(Buffer.from(image.data));
      const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      if (found) qr.push(found.data);
    }
  }
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: text.text, pages: text.pages.length, qr }));
})().catch((error) => {
  process.stderr.write(String(error?.stack || error));
  process.exit(1);
});
