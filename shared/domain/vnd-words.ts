/**
 * An amount of đồng in Vietnamese words, as receipts and invoices write it ("Số tiền bằng chữ"):
 * 125 000 → "Một trăm hai mươi lăm nghìn đồng", 1 005 000 → "Một triệu không trăm linh năm nghìn đồng".
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const SCALES = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'] as const;

/** Three digits; `full` (a group after the first) reads its zero hundreds and tens ("không trăm linh …"). */
function group(n: number, full: boolean): string[] {
  const [h, t, u] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  const words: string[] = [];
  if (full || h > 0) words.push(DIGITS[h]!, 'trăm');
  if (t === 0 && u > 0 && words.length) words.push('linh');
  if (t === 1) words.push('mười');
  if (t > 1) words.push(DIGITS[t]!, 'mươi');
  if (u === 1 && t > 1) words.push('mốt');
  else if (u === 5 && t > 0) words.push('lăm');
  else if (u > 0) words.push(DIGITS[u]!);
  return words;
}

export function vndInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error('amount must be a non-negative integer');
  if (amount === 0) return 'Không đồng';
  const groups: number[] = [];
  for (let rest = amount; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    if (groups[i] === 0) continue;
    words.push(...group(groups[i]!, i < groups.length - 1), ...(SCALES[i] ? [SCALES[i]!] : []));
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)} đồng`;
}
