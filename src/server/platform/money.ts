// Money in the words a debtor reads (messages, letters, agreements, scripts): minor units → "¥1,234.56" in Chinese,
// "CN¥1,234.56" / "$1,234.56" in English. One formatter per locale and currency, made once.
const formats = new Map<string, Intl.NumberFormat>();

/** `locale` starting with "zh" formats as zh-CN, anything else as en-US. */
export function formatMinor(minor: number, currency: string, locale: string): string {
  const tag = locale.startsWith('zh') ? 'zh-CN' : 'en-US';
  const key = `${tag}:${currency}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, { style: 'currency', currency });
    formats.set(key, f);
  }
  return f.format(minor / 100);
}
