/** The languages motcua answers in: Vietnamese first, English where a caller asks. */
export type Language = 'vi' | 'en';

/** `explicit` (e.g. `?lang=`) wins; otherwise the first language of Accept-Language; Vietnamese by default. */
export function requestLanguage(acceptLanguage: string | undefined, explicit?: string): Language {
  if (explicit === 'en' || explicit === 'vi') return explicit;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}
