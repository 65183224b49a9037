// Template variables, rendering and the per-channel required elements that are not content claims (the Chinese SMS
// signature 【机构名】). Pure.
export const templateVariables = [
  'debtorName', 'amountDue', 'dueDate', 'agencyName', 'creditorName', 'paymentInstructions', 'optOut', 'planTerms', 'debtorAddress', 'itemization', 'validationEndDate', 'visitWindow',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];
/** Variables only a letter may use: the full postal address is printed on the letter, never put in an SMS or email. */
export const letterOnlyVariables: readonly TemplateVariable[] = ['debtorAddress', 'itemization', 'validationEndDate', 'visitWindow'];

/** Letter-only variables used in a text, in order of first use. */
export function letterVariablesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(VAR)) {
    const name = m[1]!;
    if ((letterOnlyVariables as readonly string[]).includes(name) && !out.includes(name)) out.push(name);
  }
  return out;
}
export type TemplateValues = Record<TemplateVariable, string>;

const VAR = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Variables used in a text that the templates do not know, in order of first use. */
export function unknownVariables(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(VAR)) {
    const name = m[1]!;
    if (!(templateVariables as readonly string[]).includes(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

export function render(text: string, values: TemplateValues): string {
  return text.replace(VAR, (_, name: string) => values[name as TemplateVariable] ?? '');
}

/** Opt-out wording per channel and locale; email carries the unsubscribe link. */
export function optOutText(channel: string, locale: string, link: string | null): string {
  const zh = locale.startsWith('zh');
  if (channel === 'sms') return zh ? '回复TD退订' : 'Reply STOP to opt out';
  if (channel === 'email') return zh ? `如不希望再收到此类邮件，请点击退订：${link ?? ''}` : `To unsubscribe from these emails: ${link ?? ''}`;
  return '';
}

export function sampleValues(channel: string, locale: string): TemplateValues {
  const zh = locale.startsWith('zh');
  return {
    debtorName: zh ? '张三' : 'Alex Smith',
    amountDue: zh ? '¥1,234.56' : '$1,234.56',
    dueDate: '2026-12-01',
    agencyName: zh ? '示例催收服务有限公司' : 'Example Recovery LLC',
    creditorName: zh ? '示例银行' : 'Example Bank',
    paymentInstructions: zh ? '请通过官方渠道还款' : 'Pay through the official app',
    optOut: optOutText(channel, locale, 'https://example.invalid/u/sample'),
    planTerms: zh ? '分12期，每期¥1,000.00，首期还款日2026-12-28，合计¥12,000.00' : '12 installments of $1,000.00, the first due 2026-12-28, $12,000.00 in all',
    debtorAddress: zh ? '北京市朝阳区朝阳路88号3栋502' : '1 Main Street, Springfield, IL 62701',
    itemization: zh ? '借款本金¥1,000.00，利息¥200.00，费用¥34.56，已还¥0.00，当前欠款¥1,234.56' : 'Principal $1,000.00, interest $200.00, fees $34.56, payments $0.00, now $1,234.56',
    validationEndDate: '2027-01-06',
    visitWindow: zh ? '2026年12月1日 09:00–20:00' : '1 December 2026, 09:00–20:00',
  };
}

/** Chinese SMS: a signature 【…】 at the very start or the very end of the body. */
export function hasChineseSignature(body: string): boolean {
  const s = body.trim();
  return /^【[^【】\n]{1,30}】/.test(s) || /【[^【】\n]{1,30}】$/.test(s);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The HTML part: the text escaped, paragraphs kept, the link made clickable. */
export function toHtml(text: string, link: string | null): string {
  let h = escapeHtml(text).split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('\n');
  if (link) h = h.split(escapeHtml(link)).join(`<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`);
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${h}</body></html>`;
}
