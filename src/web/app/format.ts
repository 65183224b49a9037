import dayjs from 'dayjs';

const moneyFormats = new Map<string, Intl.NumberFormat>();
const moneyFormat = (currency: string): Intl.NumberFormat => {
  let f = moneyFormats.get(currency);
  if (!f) {
    // zh-CN gives "¥1,234.56" for CNY (en-US would print "CN¥").
    f = new Intl.NumberFormat('zh-CN', { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f;
};

/** Integer minor units (fen/cents) → display string, e.g. 123456 CNY → "¥1,234.56". */
export const formatMoney = (minor: number | null | undefined, currency = 'CNY'): string => {
  if (minor === null || minor === undefined) return '—';
  const f = moneyFormat(currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
};

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
export const formatDate = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');
