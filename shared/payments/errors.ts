import { AppError } from '../domain/errors';

/** A webhook whose signature is missing, wrong or too old: the sender is not who it claims. */
export class InvalidSignatureError extends AppError {
  readonly status = 401;
  readonly code: string;
  constructor(detail: string, code: 'INVALID_SIGNATURE' | 'SIGNATURE_EXPIRED' = 'INVALID_SIGNATURE') {
    super(detail);
    this.code = code;
  }
}
