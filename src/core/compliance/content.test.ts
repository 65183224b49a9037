import { describe, expect, it } from 'vitest';
import { analyzeContent } from './content.js';
import type { ContentCategory, ContentSpan } from './content.js';

const violations = (spans: readonly ContentSpan[]): ContentSpan[] => spans.filter((s) => s.category !== 'debt_mention');

// [category, text, trigger that the span must cover]
const POSITIVES: ReadonlyArray<readonly [ContentCategory, string, string]> = [
  // impersonation
  ['impersonation', '我是北京市朝阳区人民法院的，请你配合', '法院'],
  ['impersonation', '这里是公安局，请你配合调查', '公安局'],
  ['impersonation', '我们是某某律师事务所的律师', '律师事务所'],
  ['impersonation', '【朝阳区人民法院】您的案件已受理', '法院'],
  ['impersonation', '我代表法院通知你尽快处理', '法院'],
  ['impersonation', 'This is the police department calling.', 'police'],
  ['impersonation', 'I am an attorney and I handle your file.', 'attorney'],
  ['impersonation', "I'm calling from the county court.", 'court'],
  ['impersonation', "This is Jane from the sheriff's office.", 'sheriff'],
  // threat_arrest
  ['threat_arrest', '我们会上门抓你', '抓你'],
  ['threat_arrest', '不还就让你坐牢', '坐牢'],
  ['threat_arrest', '我们将追究你的刑事责任', '刑事责任'],
  ['threat_arrest', '再不还钱就拘留你', '拘留你'],
  ['threat_arrest', '你会被警察带走', '带走'],
  ['threat_arrest', 'You will be arrested if you ignore this.', 'arrested'],
  ['threat_arrest', "You'll go to jail for this.", 'jail'],
  ['threat_arrest', 'We will press criminal charges.', 'charges'],
  // threat_violence
  ['threat_violence', '小心点你的家人', '家人'],
  ['threat_violence', '再不还我们会打断你的腿', '打断你的腿'],
  ['threat_violence', '信不信我弄死你', '弄死你'],
  ['threat_violence', '我们会找人收拾你', '收拾你'],
  ['threat_violence', 'We will hurt you.', 'hurt you'],
  ['threat_violence', 'We know where you live.', 'where you live'],
  ['threat_violence', "We'll break your legs.", 'break your legs'],
  // threat_exposure
  ['threat_exposure', '再不还我们就爆你通讯录', '通讯录'],
  ['threat_exposure', '我们会通知你的单位领导', '单位'],
  ['threat_exposure', '如果你再不还钱，我们就联系你的家人', '家人'],
  ['threat_exposure', '我们会把你的照片发到朋友圈', '朋友圈'],
  ['threat_exposure', '我们要曝光你', '曝光'],
  ['threat_exposure', '我们会告诉你的家人', '告诉你的家人'],
  ['threat_exposure', 'We will tell your employer about this.', 'employer'],
  ['threat_exposure', "We'll call everyone in your contacts.", 'contacts'],
  ['threat_exposure', 'We will post it online.', 'online'],
  ['threat_exposure', "If you don't pay we will call your boss.", 'boss'],
  // insult
  ['insult', '你这个老赖', '老赖'],
  ['insult', '你就是个骗子', '骗子'],
  ['insult', '真不要脸', '不要脸'],
  ['insult', '你就是个垃圾', '垃圾'],
  ['insult', '废物一个', '废物'],
  ['insult', '畜生', '畜生'],
  ['insult', '去死吧', '去死'],
  ['insult', 'You are a deadbeat.', 'deadbeat'],
  ['insult', 'People like you are scum.', 'scum'],
  ['insult', 'Pay up, you idiot.', 'idiot'],
  ['insult', 'What a loser.', 'loser'],
  // false_blacklist
  ['false_blacklist', '我们会把你拉入黑名单', '黑名单'],
  ['false_blacklist', '马上让你上征信黑名单', '征信黑名单'],
  ['false_blacklist', '你已经被列入全国联网黑名单', '全国联网黑名单'],
  ['false_blacklist', '你会变成黑户', '黑户'],
  ['false_blacklist', 'You will be blacklisted by every bank.', 'blacklisted'],
  ['false_blacklist', "You'll be on the national blacklist.", 'blacklist'],
  // false_legal
  ['false_legal', '法院已经立案了', '立案'],
  ['false_legal', '你马上就要被起诉了', '起诉'],
  ['false_legal', '你的案子已经移交公安', '移交公安'],
  ['false_legal', '律师函已经发到你单位', '律师函'],
  ['false_legal', '我们会冻结你的所有银行卡', '冻结'],
  ['false_legal', 'A lawsuit has been filed against you.', 'lawsuit has been filed'],
  ['false_legal', 'We will seize your house.', 'seize your house'],
  ['false_legal', 'Your wages will be garnished tomorrow.', 'garnished'],
  // induce_borrowing
  ['induce_borrowing', '实在不行就以贷养贷', '以贷养贷'],
  ['induce_borrowing', '你可以去别的平台借钱还', '别的平台'],
  ['induce_borrowing', '刷信用卡还也行', '信用卡'],
  ['induce_borrowing', '借网贷还我们', '网贷'],
  ['induce_borrowing', '找朋友借钱还', '借'],
  ['induce_borrowing', 'Take out a payday loan to pay us.', 'payday loan'],
  ['induce_borrowing', 'Just borrow from friends to pay.', 'borrow from friends'],
  ['induce_borrowing', 'Put it on your credit card today.', 'credit card'],
  // extra_fees
  ['extra_fees', '需要另外支付500元催收费', '催收费'],
  ['extra_fees', '上门费200元由你承担', '上门费'],
  ['extra_fees', '手续费由你承担', '手续费'],
  ['extra_fees', 'A $50 collection fee will be added.', 'collection fee'],
  ['extra_fees', 'There is a processing fee for the call.', 'processing fee'],
  // debt_mention
  ['debt_mention', '您的欠款已逾期', '欠款'],
  ['debt_mention', '您的借款已逾期3天', '逾期'],
  ['debt_mention', '请尽快还款', '还款'],
  ['debt_mention', 'Your account is overdue.', 'overdue'],
  ['debt_mention', 'You owe $300.', 'owe'],
  ['debt_mention', 'We are contacting you about a debt.', 'debt'],
];

describe('analyzeContent: claims', () => {
  it.each(POSITIVES)('%s: %s', (category, text, trigger) => {
    const { spans } = analyzeContent(text);
    const hit = spans.find((s) => s.category === category && s.text.includes(trigger));
    expect(hit, JSON.stringify(spans)).toBeDefined();
  });

  it('has at least three zh-CN and two English cases per category', () => {
    const categories = new Set(POSITIVES.map(([c]) => c));
    expect(categories.size).toBe(10);
    for (const c of categories) {
      const texts = POSITIVES.filter(([k]) => k === c).map(([, t]) => t);
      expect(texts.filter((t) => /[\u4e00-\u9fff]/.test(t)).length, c).toBeGreaterThanOrEqual(3);
      expect(texts.filter((t) => !/[\u4e00-\u9fff]/.test(t)).length, c).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('analyzeContent: negations and lawful sentences are not claims', () => {
  it.each([
    '我们不会上门抓你',
    '我们不会联系您的家人和单位',
    '我们绝不会曝光您的信息',
    '公司不会收取任何催收费',
    '我们不是法院',
    '我们不会将您拉入黑名单',
    '我们不会让你坐牢',
    '我们不会主动联系你的家人',
    '我们不会因为您逾期就联系您的家人',
    '本债务属于民事纠纷，不涉及刑事责任',
    '请不要以贷养贷',
    '请抓紧时间处理',
    '律师事务所的地址是北京市朝阳区建国路1号',
    '我们可以上门拜访，协商还款方案',
    '您可以联系您的家人帮您一起规划还款',
    '您可以向法院咨询',
    '逾期可能影响您的个人征信记录',
    '谨防骗子冒充我司工作人员',
    '我们会拨打您的电话确认还款计划',
    '请把垃圾桶放在门口',
    '您可以通过银行转账还款，银行可能收取手续费',
    '祝您和您的家人身体健康',
    '我们的工作人员会打您电话',
    '我们会依法维护权益，必要时通过法院起诉',
    'We will not contact your employer.',
    'We never threaten arrest.',
    'You will not be arrested.',
    'We are not attorneys.',
    'Please contact your bank.',
    'A lawyer can advise you.',
    'There is no collection fee.',
    'We do not charge any processing fee.',
    'We will never ask you to take out a payday loan.',
    'Nobody goes to jail for an unpaid debt.',
    'You may want to talk to your family about a budget.',
    'Contact your attorney if you have questions.',
    'The court is closed on Sundays.',
  ])('%s', (text) => {
    expect(violations(analyzeContent(text).spans)).toEqual([]);
  });

  it('a condition on the debtor is not a negation of the threat', () => {
    const cats = (t: string): ContentCategory[] => analyzeContent(t).spans.map((s) => s.category);
    expect(cats('你不还我们就联系你的家人')).toContain('threat_exposure');
    expect(cats('您未还款我们将通知您的单位')).toContain('threat_exposure');
    expect(cats('别逼我们去你单位')).toContain('threat_exposure');
    expect(cats('If you do not respond we will tell your employer.')).toContain('threat_exposure');
    expect(cats("Don't make us call your employer.")).toContain('threat_exposure');
    expect(cats('要不要我们联系你的家人')).toContain('threat_exposure'); // an A-not-A question, not a negation
  });

  it('debt mentions survive negation (they are disclosures, not claims)', () => {
    const { spans } = analyzeContent('公司不会收取任何催收费');
    expect(spans.map((s) => s.category)).toEqual(['debt_mention']);
    expect(spans[0]?.text).toBe('催收');
  });
});

describe('analyzeContent: spans', () => {
  const samples = [
    '【某某资产】张先生，您的欠款已逾期30天。再不还钱，我们就爆你通讯录，让你坐牢！回T退订',
    'Hi 😀 John, you deadbeat: we will tell your employer and you will be arrested. Your loan is overdue.',
    '您好，我是某某资产管理有限公司的，你这个老赖，律师函已经发到你单位，需要另外支付500元催收费。',
  ];

  it.each(samples)('offsets index the input: %s', (text) => {
    const { spans } = analyzeContent(text);
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.start).toBeLessThan(s.end);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    const starts = spans.map((s) => s.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('reports exact offsets', () => {
    const text = '你好，再不还我们就爆你通讯录';
    const span = analyzeContent(text).spans.find((s) => s.category === 'threat_exposure');
    expect(span).toEqual({ category: 'threat_exposure', start: 9, end: 14, text: '爆你通讯录' });
  });

  it('offsets stay in UTF-16 units after astral characters', () => {
    const text = '😀😀 you idiot';
    const span = analyzeContent(text).spans.find((s) => s.category === 'insult');
    expect(span).toMatchObject({ start: 9, end: 14, text: 'idiot' });
  });

  it('merges overlapping spans of one category', () => {
    const { spans } = analyzeContent('法院已经立案');
    expect(spans.filter((s) => s.category === 'false_legal')).toEqual([
      { category: 'false_legal', start: 0, end: 6, text: '法院已经立案' },
    ]);
  });

  it('empty text', () => {
    expect(analyzeContent('')).toEqual({
      spans: [],
      present: { identity: false, debtCollectorDisclosure: false, optOut: false },
    });
  });
});

describe('analyzeContent: mixed zh/en', () => {
  it('finds claims of both languages in one message', () => {
    const text = '您好，this is Acme Recovery。你这个deadbeat，再不还钱我们就call your boss，还会把你拉入黑名单';
    const { spans, present } = analyzeContent(text, { institutionNames: ['Acme Recovery'] });
    const byCat = (c: ContentCategory): string[] => spans.filter((s) => s.category === c).map((s) => s.text);
    expect(byCat('insult')).toEqual(['deadbeat']);
    expect(byCat('threat_exposure')).toEqual(['call your boss']);
    expect(byCat('false_blacklist')).toEqual(['拉入黑名单']);
    expect(byCat('debt_mention')).toContain('还钱');
    expect(present.identity).toBe(true);
  });

  it('English negation inside Chinese text', () => {
    expect(violations(analyzeContent('请放心，we will not contact your employer。').spans)).toEqual([]);
  });
});

describe('analyzeContent: present', () => {
  it('Chinese SMS with signature and opt-out', () => {
    expect(analyzeContent('【某某资产】您的账单已逾期，请及时处理，回T退订').present).toEqual({
      identity: true,
      debtCollectorDisclosure: false,
      optOut: true,
    });
  });

  it.each([
    ['我是某某资产管理有限公司的工作人员', true],
    ['我们是正规金融服务公司', true],
    ['本机构提醒您按时还款', true],
    ['我是小王，来自某某资产管理公司', true],
    ['This is Jane from Acme Recovery.', true],
    ['I am calling on behalf of Northwind Bank.', true],
    ['【】您的账单已逾期', false],
    ['请尽快还款', false],
    ["Hi, it's about your account.", false],
  ] as const)('identity without institutionNames: %s → %s', (text, expected) => {
    expect(analyzeContent(text).present.identity).toBe(expected);
  });

  it('identity with institutionNames is name-based only', () => {
    const names = { institutionNames: ['某某资产管理有限公司', 'Acme Recovery'] };
    expect(analyzeContent('某某资产管理有限公司提醒您按时还款', names).present.identity).toBe(true);
    expect(analyzeContent('ACME RECOVERY: your balance is due', names).present.identity).toBe(true);
    expect(analyzeContent('【另一家公司】您的账单已逾期', names).present.identity).toBe(false);
    expect(analyzeContent('This is Jane from Other Corp.', names).present.identity).toBe(false);
    // No usable names: fall back to the heuristics.
    expect(analyzeContent('【某某资产】您好', { institutionNames: ['  '] }).present.identity).toBe(true);
  });

  it.each([
    ['This is an attempt to collect a debt.', true],
    ['This communication is from a debt collector.', true],
    ['This is a communication from a debt collector.', true],
    ['We are a debt collector attempting to collect a debt.', true],
    ['THIS IS AN ATTEMPT TO COLLECT A DEBT', true],
    ['This is not an attempt to collect a debt.', false],
    ['Please call us about your account.', false],
  ] as const)('debtCollectorDisclosure: %s → %s', (text, expected) => {
    expect(analyzeContent(text).present.debtCollectorDisclosure).toBe(expected);
  });

  it.each([
    ['回复TD退订', true],
    ['回T退订', true],
    ['拒收请回复R', true],
    ['Reply STOP to unsubscribe.', true],
    ['To opt out, call 555-0100.', true],
    ['You can opt-out at any time.', true],
    ['请尽快还款', false],
    ['Please reply to this message.', false],
  ] as const)('optOut: %s → %s', (text, expected) => {
    expect(analyzeContent(text).present.optOut).toBe(expected);
  });
});

describe('analyzeContent: speed', () => {
  it('a 200-character SMS is analysed quickly', () => {
    const sms = ('【某某资产】张先生您好，您在某平台的借款已逾期15天，欠款金额3200元。请于今日内还款，如有困难可回复协商分期方案。' +
      'This is an attempt to collect a debt. 回T退订').padEnd(200, '。');
    for (let i = 0; i < 50; i++) analyzeContent(sms);
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) analyzeContent(sms);
    const perCall = (performance.now() - t0) / n;
    expect(perCall).toBeLessThan(5); // ms; generous for slow CI machines
  });
});
