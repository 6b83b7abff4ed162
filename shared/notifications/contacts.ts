import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { now } from '../clock';
import { CODE_ATTEMPTS, CODE_MINUTES, contactId, maskContact, normalContact, type ContactChannel } from '../domain/contacts';
import { inVietnamese, TooManyRequestsError, UnprocessableError, ValidationError } from '../domain/errors';
import { vnDate, vnDayNumber, vnInstant } from '../domain/vietnam-time';
import type { Caller } from '../http/caller';
import { confirmContact, getConfirmedContact, getPendingCode, listConfirmedContacts, putPendingCode, spendAttempt, takeQuota } from '../store/contacts';
import type { Notifier } from './notifier';
import { say } from '../domain/field-messages';

/**
 * Confirming a contact by code (issue 12 point 7): POST /me/contacts sends a 6-digit code to the
 * address, POST /me/contacts/confirm takes it back. Codes are themselves messages to an address
 * nobody vouched for yet, so they have the tightest quotas: CODE_QUOTA per destination and
 * CODE_ACCOUNT_QUOTA per account a day.
 */
export const CODE_QUOTA = 3;
export const CODE_ACCOUNT_QUOTA = 10;

/** Messages about an account (not a dossier) live in this notification partition. */
export const accountOutbox = (ownerSub: string) => `account-${ownerSub}`;

const hashCode = (ownerSub: string, channel: ContactChannel, address: string, code: string) =>
  createHash('sha256')
    .update(`${ownerSub}\n${contactId(channel, address)}\n${code}`)
    .digest('base64');

function destination(channel: ContactChannel, address: string, path: string): string {
  const normal = normalContact(channel, address);
  if (!normal) throw new ValidationError('Not a phone number or email address.', [{ path, message: say(channel === 'sms' ? 'phone' : 'emailAddress') }]);
  return normal;
}

/** Until the next Vietnamese midnight, when the day's quotas start again. */
const secondsToTomorrow = (at: Date) => Math.ceil((vnInstant(vnDayNumber(at) + 1).getTime() - at.getTime()) / 1000);

export async function requestContactCode(caller: Caller, input: { channel: ContactChannel; address: string }, notifiers: readonly Notifier[], at = now()) {
  const address = destination(input.channel, input.address, 'body.address');
  const masked = maskContact(input.channel, address);
  if (await getConfirmedContact(caller.sub, input.channel, address)) return { channel: input.channel, address: masked, status: 'CONFIRMED' as const };
  const day = vnDate(at);
  // The destination's quota first: one account cannot flood a stranger, nor many accounts together.
  if (!(await takeQuota('code-destination', contactId(input.channel, address), day, CODE_QUOTA)) || !(await takeQuota('code-account', caller.sub, day, CODE_ACCOUNT_QUOTA))) {
    throw inVietnamese(new TooManyRequestsError('Too many codes today; try again tomorrow.', secondsToTomorrow(at)), 'Đã gửi quá số mã xác nhận cho phép trong ngày; vui lòng thử lại vào ngày mai.');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(at.getTime() + CODE_MINUTES * 60_000);
  await putPendingCode(caller.sub, { channel: input.channel, address, codeHash: hashCode(caller.sub, input.channel, address, code), attempts: 0, expiresAt: Math.floor(expiresAt.getTime() / 1000) });
  const notifier = notifiers.find((candidate) => candidate.channel === input.channel);
  const id = randomUUID();
  await notifier?.send({
    id: `code.${id}`,
    dossierId: accountOutbox(caller.sub),
    channel: input.channel,
    to: address,
    ...(input.channel === 'email' ? { subject: 'Mã xác nhận địa chỉ thư điện tử' } : {}),
    text: `Mã xác nhận của bạn là ${code}, có hiệu lực ${CODE_MINUTES} phút. Nếu bạn không yêu cầu, hãy bỏ qua tin này.`,
    eventType: 'contact.code',
    eventId: id,
    status: 'PENDING',
    createdAt: at.toISOString(),
  });
  return { channel: input.channel, address: masked, status: 'CODE_SENT' as const, expiresAt: expiresAt.toISOString() };
}

export async function confirmContactCode(caller: Caller, input: { channel: ContactChannel; address: string; code: string }, at = now()) {
  const address = destination(input.channel, input.address, 'body.address');
  const pending = await getPendingCode(caller.sub, input.channel, address);
  if (!pending || pending.expiresAt * 1000 <= at.getTime()) {
    throw new UnprocessableError('The code expired or was never sent; ask for a new one.', 'CODE_EXPIRED', [{ path: 'body.code', message: say('codeExpired'), code: 'CODE_EXPIRED' }]);
  }
  // The attempt is spent before the comparison, atomically: parallel guesses get CODE_ATTEMPTS in all.
  if (!(await spendAttempt(caller.sub, input.channel, address, CODE_ATTEMPTS))) {
    throw new UnprocessableError('Too many wrong codes; ask for a new one.', 'CODE_EXHAUSTED', [{ path: 'body.code', message: say('codeAttemptsUsed', { n: CODE_ATTEMPTS }), code: 'CODE_EXHAUSTED' }]);
  }
  const given = Buffer.from(hashCode(caller.sub, input.channel, address, input.code));
  const expected = Buffer.from(pending.codeHash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnprocessableError('The confirmation code is wrong.', 'CODE_INVALID', [{ path: 'body.code', message: say('codeWrong', { n: Math.max(0, CODE_ATTEMPTS - pending.attempts - 1) }), code: 'CODE_INVALID' }]);
  }
  await confirmContact(caller.sub, { channel: input.channel, address, vouch: 'code', confirmedAt: at.toISOString() });
  return { channel: input.channel, address: maskContact(input.channel, address), status: 'CONFIRMED' as const };
}

/** GET /me/contacts: the account's own confirmed contacts, in full (they are the caller's). */
export async function contactsOf(caller: Caller) {
  const items = await listConfirmedContacts(caller.sub);
  return { items: items.map(({ channel, address, vouch, confirmedAt }) => ({ channel, address, vouch, confirmedAt })) };
}
