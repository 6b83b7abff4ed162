import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { asciiText } from '../../shared/domain/payment';

/**
 * A development certification authority and an agency's signing certificate, so that signed results
 * (issue 16) are tested end to end without a real CA: `npm start` makes one in `.data/dev-ca/` and
 * trusts it; `npm run -s sign-pdf -- in.pdf out.pdf` signs a PDF with its agency certificate; tests
 * make their own (a trusted one, an untrusted one). Never trusted outside the local stack.
 */
export interface DevCa {
  caPem: string;
  /** The agency's certificate and key with the CA, as PKCS#12 (empty password), what signing software takes. */
  agencyP12: Buffer;
}

const DAY = 86_400_000;

/**
 * A name attribute. ASCII only: node-forge (which signs here, in dev and tests only) mangles letters
 * beyond Latin-1 when it re-encodes a certificate's names, so Vietnamese names lose their marks here;
 * the verification (pkijs) reads real CAs' UTF-8 names as they are.
 */
const field = (name: string, value: string): forge.pki.CertificateField => ({ name, value: asciiText(value, 64) });

function certificate(input: { subject: forge.pki.CertificateField[]; issuer: forge.pki.CertificateField[]; publicKey: forge.pki.PublicKey; signingKey: forge.pki.rsa.PrivateKey; ca: boolean; validDays: number }) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = input.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + input.validDays * DAY);
  cert.setSubject(input.subject);
  cert.setIssuer(input.issuer);
  cert.setExtensions(
    input.ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
        ],
  );
  cert.sign(input.signingKey, forge.md.sha256.create());
  return cert;
}

const keyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey };
};

/** A new CA and an agency certificate issued by it (fictional names). */
export function createDevCa(options: { caName?: string; agencyName?: string; organization?: string } = {}): DevCa {
  const caKeys = keyPair();
  const caName = [field('commonName', options.caName ?? 'motcua Dev CA (chỉ dùng thử)'), field('organizationName', 'motcua local')];
  const ca = certificate({ subject: caName, issuer: caName, publicKey: caKeys.publicKey, signingKey: caKeys.privateKey, ca: true, validDays: 3650 });
  const agencyKeys = keyPair();
  const agency = certificate({
    subject: [field('commonName', options.agencyName ?? 'Ủy ban nhân dân xã An Bình'), field('organizationName', options.organization ?? 'Tỉnh Demo')],
    issuer: caName,
    publicKey: agencyKeys.publicKey,
    signingKey: caKeys.privateKey,
    ca: false,
    validDays: 730,
  });
  const p12 = forge.pkcs12.toPkcs12Asn1(agencyKeys.privateKey, [agency, ca], '', { algorithm: '3des' });
  return { caPem: forge.pki.certificateToPem(ca), agencyP12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary') };
}

/** The local stack's dev CA, made once in `<dataDir>/dev-ca/`. */
export function loadOrCreateDevCa(dataDir: string): DevCa {
  const dir = join(dataDir, 'dev-ca');
  const caFile = join(dir, 'ca.pem');
  const p12File = join(dir, 'agency.p12');
  if (existsSync(caFile) && existsSync(p12File)) return { caPem: readFileSync(caFile, 'utf8'), agencyP12: readFileSync(p12File) };
  const made = createDevCa();
  mkdirSync(dir, { recursive: true });
  writeFileSync(caFile, made.caPem);
  writeFileSync(p12File, made.agencyP12, { mode: 0o600 });
  return made;
}

/** Signs a PDF (PAdES-style CMS, detached, over the whole file) with the agency's PKCS#12. */
export async function signPdf(pdf: Uint8Array, p12: Buffer, details: { reason?: string; name?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({ pdfDoc: doc, reason: details.reason ?? 'Ket qua giai quyet thu tuc hanh chinh', contactInfo: '', name: details.name ?? 'motcua', location: 'Viet Nam' });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new P12Signer(p12));
}

/** A one-page PDF standing for a result (a decision, a certificate). */
export async function samplePdf(text = 'Giay khai sinh (ban dien tu)'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([420, 300]).drawText(text, { x: 40, y: 200, size: 14 });
  return doc.save();
}
