// Bilingual text and money formatting for the plain-language summaries (zh-CN and en).

/** A message in both languages of the product; `zh-CN` is what the debtor and collector read in China. */
export type Bilingual = { 'zh-CN': string; en: string };

const SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', GBP: '£', EUR: '€', HKD: 'HK$' };

/** 123456789 CNY → "¥1,234,567.89" (two-decimal currencies; others get their code as prefix). */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${SYMBOL[currency] ?? `${currency} `}${major}.${cents}`;
}

/** 1234 bp → "12.34%", 5000 → "50%". */
export function formatBp(bp: number): string {
  const s = (bp / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${s}%`;
}
