import { AppError, type FieldError } from '../domain/errors';

/** A webhook whose signature is missing, wrong or too old: the sender is not who it claims. */
export class InvalidSignatureError extends AppError {
  readonly status = 401;
  readonly code: string;
  constructor(detail: string, code: 'INVALID_SIGNATURE' | 'SIGNATURE_EXPIRED' = 'INVALID_SIGNATURE') {
    super(detail);
    this.code = code;
  }
}

/**
 * A PayGov confirm callback we refuse, answered in PayGov's shape (`MaLoi`, `MoTaLoi`, `MaDoiTac`,
 * `ThoiGianGD`) as members of the problem: 401 a checksum that does not match, 400 a malformed
 * message, 404 a reference we never sent, 422 an amount other than the payment's. Nothing is written.
 */
export class PaygovRefusal extends AppError {
  readonly status: number;
  readonly code: string;
  constructor(status: 400 | 401 | 404 | 422, code: string, detail: string, answer: Record<string, unknown>, errors?: FieldError[]) {
    super(detail, { extensions: answer, ...(errors ? { errors } : {}) });
    this.status = status;
    this.code = code;
  }
}
