/**
 * Structured JSON logs, one line per entry, with an `action` field. Personal data never reaches
 * them: fields whose names look personal or secret are redacted, and so are strings that look like
 * a national ID number (CCCD, 12 digits), a phone number or a bearer token, wherever they stand.
 */
type Fields = Record<string, unknown>;

const SECRET_KEY = /(authori[sz]ation|token|secret|password|signature|securehash|cookie|national|citizenid|idnumber|cccd|cmnd|phone|email|address|fullname|birth)/i;
const SECRET_VALUE = [/\b\d{9,12}\b/g, /(\+84|\b0)\d{9,10}\b/g, /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, /\bBearer\s+\S+/gi];

function redactString(value: string): string {
  return SECRET_VALUE.reduce((text, pattern) => text.replace(pattern, '[redacted]'), value);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1)]));
}

export interface Logger {
  info(action: string, fields?: Fields): void;
  warn(action: string, fields?: Fields): void;
  error(action: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** Where lines go; tests swap it to capture what a lifecycle logs. */
export const logSink = { write: (line: string) => process.stdout.write(line + '\n') };

export function createLogger(base: Fields = {}): Logger {
  const emit =
    (level: string) =>
    (action: string, fields: Fields = {}) => {
      if (process.env.LOG_LEVEL === 'silent') return;
      logSink.write(JSON.stringify({ level, time: new Date().toISOString(), action, ...(redact({ ...base, ...fields }) as Fields) }));
    };
  return { info: emit('info'), warn: emit('warn'), error: emit('error'), child: (fields) => createLogger({ ...base, ...fields }) };
}

export const logger = createLogger({ service: 'motcua' });
