import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { say } from '../domain/field-messages';

/**
 * The digital signature of a result PDF (PAdES / CMS, LEGAL.md R4, R9, R12): an e-result is as valid
 * as paper only when the issuing agency signed it. pkijs verifies the CMS SignedData (the message
 * digest over the signed byte ranges, the signature, the signer's chain up to a CA the stage trusts);
 * this module finds the signature in the PDF and checks what CMS cannot: that the signed ranges cover
 * the whole file, so nothing was appended after signing.
 */
export type SignatureCheck = { status: 'valid'; signer: SignerIdentity; signedAt?: string } | { status: 'unsigned' | 'invalid' | 'untrusted' | 'modified'; reason: string };

export interface SignerIdentity {
  /** The certificate's common name (the agency, or the official for the agency). */
  name: string;
  organization?: string;
  issuer: string;
  serialNumber: string;
  validTo: string;
}

const SIGNING_TIME = '1.2.840.113549.1.9.5';
const OIDS: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O' };

/** Trusted CA certificates (PEM, one or more per string) as pkijs needs them; a malformed one is an error. */
export function parseTrustedCertificates(pems: readonly string[]): pkijs.Certificate[] {
  return pems.flatMap((pem) =>
    [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => {
      const der = new X509Certificate(m[0]).raw;
      return new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(der).buffer).result });
    }),
  );
}

const attribute = (name: pkijs.RelativeDistinguishedNames, code: string) => name.typesAndValues.find((tv) => OIDS[tv.type] === code)?.value.valueBlock.value as string | undefined;

/** The last signature dictionary's /ByteRange and /Contents (incremental signatures append; the last must cover all). */
function lastSignature(pdf: Buffer): { ranges: [number, number, number, number]; contents: Buffer } | undefined {
  const text = pdf.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches[matches.length - 1];
  if (!last) return undefined;
  const ranges = last.slice(1, 5).map(Number) as [number, number, number, number];
  const [, length, start] = ranges;
  const hex = text.slice(length + 1, start - 1); // between the < and > of /Contents
  if (!/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  // The placeholder is zero-padded; the DER's own length ends it (a trailing 00 may be the signature's last byte).
  return { ranges, contents: Buffer.from(hex, 'hex') };
}

/**
 * Checks the result's signature against the trusted CAs at `at`. Never throws on what a file holds:
 * every failure is a status and a reason an officer can act on.
 */
export async function checkPdfSignature(pdf: Buffer, trusted: readonly pkijs.Certificate[], at: Date): Promise<SignatureCheck> {
  const found = lastSignature(pdf);
  if (!found) return { status: 'unsigned', reason: say('signatureNone') };
  const [offset, length, start, tailLength] = found.ranges;
  if (offset !== 0 || start <= length || start + tailLength > pdf.length) return { status: 'invalid', reason: say('signatureRanges') };
  if (start + tailLength < pdf.length) return { status: 'modified', reason: say('signatureAppended') };

  let signed: pkijs.SignedData;
  try {
    const parsed = asn1js.fromBER(new Uint8Array(found.contents).buffer);
    if (parsed.offset === -1) throw new Error('not BER');
    const content = new pkijs.ContentInfo({ schema: parsed.result });
    signed = new pkijs.SignedData({ schema: content.content });
  } catch {
    return { status: 'invalid', reason: say('signatureNotCms') };
  }
  const data = Buffer.concat([pdf.subarray(0, length), pdf.subarray(start, start + tailLength)]);
  if (!trusted.length) return { status: 'untrusted', reason: say('signatureNoTrust') };
  try {
    const result = await signed.verify({ signer: 0, data: new Uint8Array(data).buffer, trustedCerts: [...trusted], checkChain: true, checkDate: at, extendedMode: true });
    if (!result.signatureVerified || !result.signerCertificate) return { status: 'invalid', reason: say('signatureDoesNotVerify', { detail: (result.message || 'pkijs').slice(0, 200) }) };
    const cert = result.signerCertificate;
    const time = signed.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === SIGNING_TIME)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
    return {
      status: 'valid',
      signer: {
        name: attribute(cert.subject, 'CN') ?? '',
        ...(attribute(cert.subject, 'O') ? { organization: attribute(cert.subject, 'O')! } : {}),
        issuer: attribute(cert.issuer, 'CN') ?? attribute(cert.issuer, 'O') ?? '',
        serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
        validTo: cert.notAfter.value.toISOString(),
      },
      ...(time?.toDate ? { signedAt: time.toDate().toISOString() } : {}),
    };
  } catch (error) {
    // pkijs reports failures by throwing a result with a code: 5 no trusted chain, 14/15 digest or signature.
    const { code, message } = error as { code?: number; message?: string };
    if (code === 5 || /certificate path|chain|trusted/i.test(message ?? '')) return { status: 'untrusted', reason: say('signatureUntrusted') };
    return {
      status: 'invalid',
      reason: /digest/i.test(message ?? '') ? say('signatureDigest') : say('signatureDoesNotVerify', { detail: (message ?? 'unknown').slice(0, 200) }),
    };
  }
}
