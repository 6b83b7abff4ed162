/** `HH:MM dd/MM/yyyy` in Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). */
export function formatInTimeZone(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 7 * 3600_000);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getUTCHours())}:${two(at.getUTCMinutes())} ${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
}
