import { X509Certificate } from 'node:crypto';
import { say } from '../domain/field-messages';

/**
 * Node's own X.509 parser is enough to describe a CA for the admin (GET and PUT /admin/result-trust):
 * those routes never verify a signature, so they do not carry pkijs (+300 KiB, issue 19); only
 * checking a result's signature does (result-signature.ts).
 */

/** A CA certificate a stage may trust: parsed by Node, a CA, described for the admin; else why not. */
export function describeCaCertificate(pem: string): { subject: string; fingerprint256: string; validFrom: string; validTo: string } | { error: string } {
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) return { error: say('certificateNotCa') };
    return { subject: cert.subject.replace(/\n/g, ', '), fingerprint256: cert.fingerprint256, validFrom: new Date(cert.validFrom).toISOString(), validTo: new Date(cert.validTo).toISOString() };
  } catch {
    return { error: say('certificateNotPem') };
  }
}
