import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Transport } from './delivering';

let ses: SESv2Client | undefined;
let sns: SNSClient | undefined;

/** Email through SES, from a verified identity: an address, or a domain (sent as no-reply@ that domain). */
export function sesEmail(identity: string): Transport {
  const from = identity.includes('@') ? identity : `no-reply@${identity}`;
  return {
    deliver: async ({ to, subject, text }) => {
      ses ??= new SESv2Client({});
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: subject ?? 'motcua', Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
        }),
      );
    },
  };
}

/** Vietnamese numbers as E.164: 0912345678 → +84912345678. */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s.()-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('84')) return `+${digits}`;
  return `+84${digits.replace(/^0/, '')}`;
}

/** SMS through SNS, as transactional messages (delivered even to numbers that opted out of promotions). */
export function snsSms(): Transport {
  return {
    deliver: async ({ to, text }) => {
      sns ??= new SNSClient({});
      await sns.send(
        new PublishCommand({
          PhoneNumber: e164(to),
          Message: text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
    },
  };
}
