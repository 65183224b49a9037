// What a collection letter must carry, as checks a template can pass or fail (issue 6, item 5). Pure.
//
// Two sets, chosen by the rules of the template's packs:
//   - a rule with `params.letterElements` (CN-C03, 《商业银行信用卡业务监督管理办法》第六十九条) names the Chinese
//     elements: name, balance, reason and legal basis, rights, how to dispute, contact details, seal;
//   - a rule with `params.validationPeriodDays` (US-V01, 12 CFR 1006.34) asks for the validation information of
//     §1006.34(c): the debt-collector disclosure ((c)(1)), the collector's name and mailing address, the consumer's
//     name and mailing address, the creditor, the itemization and the current amount ((c)(2)(i)–(ix)), the end date of
//     the validation period with the dispute statement, the original-creditor request, the assumption of validity
//     and the CFPB reference ((c)(3)(i)–(iv)).
// An element is present when the template uses its variables and its fixed wording matches. Some elements are put on
// the page by the letter's layout whatever the template says (the recipient's name and address block, the seal line
// 「（盖章）」), so they always pass.

export type LetterElementId =
  | 'name' | 'balance' | 'reason_and_legal_basis' | 'rights' | 'dispute_method' | 'contact_details' | 'seal'
  | 'debt_collector_disclosure' | 'collector_name_address' | 'consumer_name_address' | 'creditor' | 'itemization' | 'current_amount'
  | 'validation_end_date' | 'original_creditor_request' | 'assumed_valid' | 'cfpb_reference';

export interface LetterElement {
  id: LetterElementId;
  /** The rule the element comes from and the text it cites. */
  ruleId: string;
  citation: string;
  label: { 'zh-CN': string; en: string };
  /** Template variables the text must use (without braces). */
  variables: string[];
  /** Fixed wording: every pattern must match the template's text (variables removed). */
  patterns: RegExp[];
  /** What the wording must contain, said to the template's author. */
  wording: { 'zh-CN': string; en: string } | null;
  /** Put on the page by the layout: always present. */
  byLayout?: true;
}

const CN = (id: LetterElementId, label: [string, string], variables: string[], patterns: RegExp[], wording: [string, string] | null, byLayout = false): LetterElement => ({
  id, ruleId: 'CN-C03', citation: '《商业银行信用卡业务监督管理办法》第六十九条', label: { 'zh-CN': label[0], en: label[1] }, variables, patterns,
  wording: wording ? { 'zh-CN': wording[0], en: wording[1] } : null, ...(byLayout ? { byLayout: true as const } : {}),
});
const US = (id: LetterElementId, cite: string, label: [string, string], variables: string[], patterns: RegExp[], wording: [string, string] | null): LetterElement => ({
  id, ruleId: 'US-V01', citation: `12 CFR 1006.34${cite}`, label: { 'zh-CN': label[0], en: label[1] }, variables, patterns,
  wording: wording ? { 'zh-CN': wording[0], en: wording[1] } : null,
});

/** CN-C03's elements, in the order of its `letterElements` parameter. */
export const CN_LETTER_ELEMENTS: readonly LetterElement[] = [
  CN('name', ['债务人姓名', "the debtor's name"], ['debtorName'], [], null),
  CN('balance', ['欠款余额', 'the balance'], ['amountDue'], [], null),
  CN('reason_and_legal_basis', ['催收原因及法律依据', 'the reason and legal basis'], ['creditorName'], [/依据|根据/], ['须写明催收依据（含“依据”或“根据”字样）', 'must state the basis (with 依据 or 根据)']),
  CN('rights', ['债务人的权利', "the debtor's rights"], [], [/权利|权益/], ['须告知债务人的权利（含“权利”或“权益”字样）', 'must state the rights (with 权利 or 权益)']),
  CN('dispute_method', ['异议方式', 'how to dispute'], [], [/异议/], ['须说明如何提出异议（含“异议”字样）', 'must say how to dispute (with 异议)']),
  CN('contact_details', ['联系方式', 'contact details'], ['agencyName'], [/联系电话|联系方式|客服电话|热线|联系地址/], ['须写明联系电话或联系地址', 'must give a phone number or address (联系电话/联系方式/联系地址)']),
  CN('seal', ['公章', 'the seal'], [], [], null, true),
];

/** §1006.34(c) validation information, as elements of a US validation notice. */
export const US_VALIDATION_ELEMENTS: readonly LetterElement[] = [
  US('debt_collector_disclosure', '(c)(1)', ['催收方声明', 'debt collector disclosure'], [], [/\bdebt collector\b/i], ['须声明来自催收方（debt collector）', 'must say it is from a debt collector']),
  US('collector_name_address', '(c)(2)(i)', ['催收方名称及通信地址', "the collector's name and mailing address"], ['agencyName'], [/\b(?:address|P\.?\s?O\.?\s?Box|write to us)\b/i], ['须写明催收方通信地址（address）', 'must give the mailing address (address)']),
  US('consumer_name_address', '(c)(2)(ii)', ['消费者姓名及地址', "the consumer's name and mailing address"], ['debtorName'], [], null),
  US('creditor', '(c)(2)(iii), (v)', ['债权人名称', 'the creditor'], ['creditorName'], [], null),
  US('itemization', '(c)(2)(vi)–(viii)', ['欠款明细（逐项列示）', 'the itemization'], ['itemization'], [], null),
  US('current_amount', '(c)(2)(ix)', ['当前欠款金额', 'the current amount of the debt'], ['amountDue'], [], null),
  US('validation_end_date', '(c)(3)(i)', ['验证期截止日及异议声明', 'the end of the validation period and the dispute statement'], ['validationEndDate'], [/\bdisput/i], ['须说明截止日前可书面提出异议（dispute）', 'must say the debt may be disputed by that date (dispute)']),
  US('original_creditor_request', '(c)(3)(ii), (vi)', ['索取原债权人信息', 'requesting the original creditor'], [], [/\boriginal creditor\b/i], ['须说明可索取原债权人名称和地址（original creditor）', 'must say the original creditor may be requested (original creditor)']),
  US('assumed_valid', '(c)(3)(iii)', ['未异议则视为有效', 'the assumption of validity'], [], [/\bassume\b[^.]*\bvalid\b/i], ['须说明未提出异议将视为债务有效（assume … valid）', 'must say the debt will be assumed valid (assume … valid)']),
  US('cfpb_reference', '(c)(3)(iv)', ['CFPB 网站', 'the CFPB website'], [], [/cfpb\.gov\/debt-collection/i], ['须提及 www.cfpb.gov/debt-collection', 'must refer to www.cfpb.gov/debt-collection']),
];

export type LetterKind = 'collection_notice' | 'validation_notice';

/** The requirements of a template's rules: params of a resolved rule list (any shape), in order of the rules. */
export function letterRequirements(rules: ReadonlyArray<{ id: string; params: unknown }>): { kind: LetterKind; elements: LetterElement[]; validationPeriodDays: number | null } {
  const elements: LetterElement[] = [];
  let validationPeriodDays: number | null = null;
  for (const r of rules) {
    const params = (r.params ?? {}) as Record<string, unknown>;
    if (Array.isArray(params.letterElements)) {
      for (const id of params.letterElements) {
        const e = CN_LETTER_ELEMENTS.find((x) => x.id === id);
        if (e && !elements.includes(e)) elements.push(e);
      }
    }
    if (typeof params.validationPeriodDays === 'number') {
      validationPeriodDays = params.validationPeriodDays;
      for (const e of US_VALIDATION_ELEMENTS) if (!elements.includes(e)) elements.push(e);
    }
  }
  return { kind: validationPeriodDays !== null ? 'validation_notice' : 'collection_notice', elements, validationPeriodDays };
}

const VAR = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface MissingElement {
  element: LetterElement;
  variables: string[];
  wording: boolean;
}

/** The elements a template's text (title and body) lacks: the variables it does not use, or wording that does not match. */
export function missingLetterElements(text: string, elements: readonly LetterElement[]): MissingElement[] {
  const used = new Set([...text.matchAll(VAR)].map((m) => m[1]!));
  const plain = text.replace(VAR, ' ');
  const out: MissingElement[] = [];
  for (const e of elements) {
    if (e.byLayout) continue;
    const variables = e.variables.filter((v) => !used.has(v));
    const wording = e.patterns.some((p) => !p.test(plain));
    if (variables.length || wording) out.push({ element: e, variables, wording });
  }
  return out;
}

/** One line per missing element, in Chinese and in English, naming it, its rule and what is needed. */
export function describeMissing(m: MissingElement): { 'zh-CN': string; en: string } {
  const e = m.element;
  const vars = m.variables.map((v) => `{{${v}}}`).join('、');
  const zh = [m.variables.length ? `须使用变量${vars}` : null, m.wording ? e.wording?.['zh-CN'] : null].filter(Boolean).join('；');
  const en = [m.variables.length ? `use ${m.variables.map((v) => `{{${v}}}`).join(', ')}` : null, m.wording ? e.wording?.en : null].filter(Boolean).join('; ');
  return { 'zh-CN': `${e.ruleId} 缺少要素「${e.label['zh-CN']}」：${zh}`, en: `${e.ruleId} missing element "${e.label.en}": ${en}` };
}
