// The page of a letter (issue 6, item 5): the sender block (agency, on behalf of the creditor), the recipient's
// name and full postal address, the date and reference, the title, the template's body in paragraphs — a paragraph
// that is only {{itemization}} becomes the itemization table —, the validation period's dates for a US validation
// notice followed by the consumer-response section of §1006.34(c)(4) (dispute prompts, the original-creditor request,
// where to mail it), and the agency's seal line 「（盖章）」 for a Chinese collection notice.
import type { ItemizationRow } from '../../../core/letters/validation-period.js';
import type { PdfBlock, PdfSpec } from '../documents/index.js';
import { render, type TemplateValues } from '../messaging/index.js';
import { formatMinor } from '../../platform/money.js';

export type LetterInput = {
  kind: 'collection_notice' | 'validation_notice';
  locale: string;
  title: string;
  body: string;
  values: TemplateValues;
  agencyName: string;
  creditorName: string;
  debtorName: string;
  /** The full postal address (decrypted): the letter is sent to it. */
  address: string;
  caseId: string;
  mailedOn: string;
  currency: string;
  itemization: { rows: ItemizationRow[]; total: Omit<ItemizationRow, 'reference' | 'itemizationDate'> };
  validation: { assumedReceipt: string; endDate: string } | null;
};

const ITEMIZATION_ONLY = /^\s*\{\{\s*itemization\s*\}\}\s*$/;

export function itemizationTable(x: LetterInput): PdfBlock {
  const zh = x.locale.startsWith('zh');
  const m = (minor: number) => formatMinor(minor, x.currency, x.locale);
  const L = (a: string, b: string) => (zh ? a : b);
  return {
    kind: 'table',
    columns: [
      { title: L('借款编号', 'Account'), width: 2.2 },
      { title: L('明细日', 'Itemization date'), width: 1.8 },
      { title: L('明细日欠款', 'Owed then'), width: 1.8, align: 'right' },
      { title: L('+ 利息', '+ Interest'), width: 1.5, align: 'right' },
      { title: L('+ 费用', '+ Fees'), width: 1.5, align: 'right' },
      { title: L('− 已还款及减免', '− Payments, credits'), width: 1.8, align: 'right' },
      { title: L('= 当前欠款', '= Now owed'), width: 1.8, align: 'right' },
    ],
    rows: x.itemization.rows.map((r) => [r.reference, r.itemizationDate, m(r.onItemizationDateMinor), m(r.interestMinor), m(r.feesMinor), m(r.paymentsCreditsMinor), m(r.currentMinor)]),
    footer: [L('合计', 'Total'), '', m(x.itemization.total.onItemizationDateMinor), m(x.itemization.total.interestMinor), m(x.itemization.total.feesMinor), m(x.itemization.total.paymentsCreditsMinor), m(x.itemization.total.currentMinor)],
  };
}

/** The itemization as one line, for {{itemization}} used inside a sentence. */
export function itemizationText(x: Pick<LetterInput, 'locale' | 'currency' | 'itemization'>): string {
  const zh = x.locale.startsWith('zh');
  const m = (minor: number) => formatMinor(minor, x.currency, x.locale);
  const t = x.itemization.total;
  return zh
    ? `明细日欠款${m(t.onItemizationDateMinor)}，此后利息${m(t.interestMinor)}，费用${m(t.feesMinor)}，已还款及减免${m(t.paymentsCreditsMinor)}，当前欠款${m(t.currentMinor)}`
    : `owed on the itemization date ${m(t.onItemizationDateMinor)}; since then interest ${m(t.interestMinor)}, fees ${m(t.feesMinor)}, payments and credits ${m(t.paymentsCreditsMinor)}; now owed ${m(t.currentMinor)}`;
}

export function letterSpec(x: LetterInput): PdfSpec {
  const zh = x.locale.startsWith('zh');
  const L = (a: string, b: string) => (zh ? a : b);
  const blocks: PdfBlock[] = [
    {
      kind: 'fields',
      rows: [
        [L('寄件人', 'From'), zh ? `${x.agencyName}（受${x.creditorName}委托）` : `${x.agencyName}, debt collector, on behalf of ${x.creditorName}`],
        [L('收件人', 'To'), x.debtorName],
        [L('收件地址', 'Address'), x.address],
        [L('日期', 'Date'), x.mailedOn],
        [L('案件编号', 'Reference'), x.caseId],
      ],
    },
  ];
  for (const para of x.body.split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    if (ITEMIZATION_ONLY.test(para)) {
      blocks.push(itemizationTable(x));
      continue;
    }
    blocks.push({ kind: 'paragraph', text: render(para.trim(), x.values) });
  }
  if (x.validation) {
    blocks.push({ kind: 'heading', text: L('验证期', 'Validation period') });
    blocks.push({
      kind: 'fields',
      rows: [
        [L('寄出日期', 'Mailed on'), x.mailedOn],
        [L('推定收到日期', 'Assumed received'), x.validation.assumedReceipt],
        [L('验证期截止日', 'Validation period ends'), x.validation.endDate],
      ],
    });
    blocks.push({
      kind: 'paragraph', muted: true,
      text: L(
        '推定收到日期为寄出后第 5 个工作日（不含周六、周日及美国联邦法定假日），验证期于其后第 30 日截止（12 CFR 1006.34(b)(5)）。',
        'Receipt is assumed on the fifth day after mailing that is not a Saturday, Sunday or legal public holiday; the validation period ends 30 days after it (12 CFR 1006.34(b)(5)).',
      ),
    });
  }
  if (x.validation && !zh) {
    // §1006.34(c)(4): consumer-response information, set apart like the model form's tear-off.
    blocks.push({ kind: 'heading', text: 'How do you want to respond?' });
    blocks.push({
      kind: 'paragraph',
      text: `Mail this form to ${x.agencyName} at the mailing address above by ${x.validation.endDate}. ${x.debtorName}, ${x.address}. Reference ${x.caseId}.`,
    });
    blocks.push({ kind: 'paragraph', text: 'Check all that apply. I want to dispute the debt because I think:' });
    blocks.push({ kind: 'paragraph', text: '[ ] This is not my debt.   [ ] The amount is wrong.   [ ] Other (please describe on the reverse or attach additional information).' });
    blocks.push({ kind: 'paragraph', text: '[ ] I want you to send me the name and address of the original creditor.' });
    blocks.push({ kind: 'paragraph', text: '[ ] I enclosed this amount: $ ____________' });
  }
  blocks.push({ kind: 'signatures', parties: [zh ? `${x.agencyName}（盖章）` : `${x.agencyName}`], dateLabel: L('日期', 'Date') });
  return {
    title: x.title,
    subtitle: L(`${x.agencyName} · ${x.mailedOn}`, `${x.agencyName} · ${x.mailedOn}`),
    author: x.agencyName,
    blocks,
    footer: L(`${x.title} · 案件 ${x.caseId}`, `${x.title} · case ${x.caseId}`),
  };
}
