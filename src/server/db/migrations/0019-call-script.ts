import type { ConcordMigration } from '../migrator.js';

// The call script (话术, issue 5): one current text per locale and section — the lines to read (`body`, with
// {{variables}}) and a short tip for the collector (`tip`, never read out). An edit replaces the text, bumps `version`
// (a save names the version it edited, so two supervisors cannot overwrite each other unseen) and is audited with the
// text before and after: the audit chain is the script's history. Seeded here with the default wording, so a new
// installation has a complete script; later default changes would come in a new migration and never overwrite edits.

type Seed = { body: string; tip: string };

const zh: Record<string, Seed> = {
  opening: {
    body: '您好，请问是{{debtorName}}本人吗？我是{{agencyName}}的{{collectorName}}，本次通话会录音。',
    tip: '先确认接听的是本人，再说明来意；不是本人时改用“第三方接听”话术。语速放慢，使用对方习惯的语言或方言。',
  },
  purpose: {
    body: '我们受{{creditorName}}委托，就您在该机构的借款与您沟通，目前待还金额为{{amountDue}}。想先听听您最近的情况。',
    tip: '拨打前看清金额、逾期天数和以往的联系记录；只讲事实，不夸大后果。',
  },
  unemployment: {
    body: '工作上的变动确实让人压力很大，谢谢您愿意跟我说。我们一起看看，在您找到新工作之前，有没有您能承受的安排。',
    tip: '让对方把话说完，不催促、不评判；问清预计何时恢复收入，可提出小额分期或推迟首期。',
  },
  illness: {
    body: '听到您或家人身体不好，我很抱歉，健康最重要。如果需要，我可以帮您申请暂缓联系，并告诉您需要准备哪些材料。',
    tip: '语气温和，不追问病情细节；对方说明困难时，在联系结果中勾选“经济困难”。',
  },
  dispute: {
    body: '明白，您对这笔账有疑问。我先把您的意见完整记下来，核实期间会暂停催收，核实结果会通知您。',
    tip: '不争辩、不施压；记清对方的异议内容和依据，在联系结果中勾选“有异议”。',
  },
  hardship: {
    body: '我理解您现在手头比较紧。不需要一次还清，我们可以按您的实际收入，商量一个每月负担得起的金额。',
    tip: '先问清每月收入和必要开支，再谈方案；只介绍官方还款渠道。',
  },
  refusal: {
    body: '我尊重您的想法。方便说说是什么原因吗？也许我们能找到一个您可以接受的办法。',
    tip: '保持冷静，不争吵；对方情绪激动时礼貌结束通话，改天再联系。对方明确要求停止联系的，在联系结果中勾选“要求停止联系”。',
  },
  third_party: {
    body: '您好，我是{{agencyName}}的{{collectorName}}，想找{{debtorName}}。麻烦您方便时请他回个电话，谢谢您。',
    tip: '不说明来电事由、金额或委托方；对方追问，只说需要本人处理。对方要求不再来电的，致歉并在联系结果中勾选“第三方要求不再联系”。',
  },
  negotiation: {
    body: '您看每月还多少比较合适？我们先定一个金额和日期，之后按计划来，有变化请提前告诉我。',
    tip: '先听对方的提议；一次付清有困难时提出分期；方案以系统试算为准，不口头承诺减免。',
  },
  closing: {
    body: '我跟您确认一下刚才说好的金额和日期。请只通过{{creditorName}}的官方渠道还款。稍后会有短信提醒您，感谢您的配合。',
    tip: '复述约定的金额和日期；挂断后立即记录联系结果，并按约定发送提醒。',
  },
};

const en: Record<string, Seed> = {
  opening: {
    body: 'Hello, may I speak with {{debtorName}}? My name is {{collectorName}}, calling from {{agencyName}}. This call is recorded.',
    tip: 'Confirm you are speaking to the right person before saying why you call; if not, switch to the third-party lines. Speak slowly and plainly.',
  },
  purpose: {
    body: 'We are calling on behalf of {{creditorName}} about your account; the amount due today is {{amountDue}}. This is an attempt to collect a debt. First, how are things with you at the moment?',
    tip: 'Check the amount, days past due and earlier contacts before dialling. State facts only; never overstate consequences.',
  },
  unemployment: {
    body: 'Losing work is hard, and thank you for telling me. Let us look together for an arrangement you can manage until you are working again.',
    tip: 'Let them finish, without rushing or judging. Ask when income may return; offer small instalments or a later first payment.',
  },
  illness: {
    body: 'I am sorry to hear about your health, or your family\'s; that comes first. If it helps, I can ask for contact to be paused and tell you what papers are needed.',
    tip: 'Stay gentle and do not ask for medical details. If they describe hardship, tick "Hardship" in the contact outcome.',
  },
  dispute: {
    body: 'I understand you question this account. I will write down your concern in full; we pause collection while it is checked and will tell you the result.',
    tip: 'Do not argue or press. Record what is disputed and why, and tick "Dispute" in the contact outcome.',
  },
  hardship: {
    body: 'I understand money is tight right now. You do not have to clear everything at once; we can agree a monthly amount that fits your income.',
    tip: 'Ask about monthly income and essential costs before proposing anything; mention only the official payment channels.',
  },
  refusal: {
    body: 'I respect that. May I ask what makes you reluctant? There may be an option that works for you.',
    tip: 'Stay calm and never argue. If emotions run high, end politely and try another day. If they ask us to stop contacting them, tick "Cease" in the contact outcome.',
  },
  third_party: {
    body: 'Hello, this is {{collectorName}} from {{agencyName}}. I am trying to reach {{debtorName}}. Could you ask them to call me back when convenient? Thank you.',
    tip: 'Never say why you are calling, an amount or the creditor; if asked, say it is a personal matter for them. If they ask not to be called, apologise and tick "Third party asks not to be called".',
  },
  negotiation: {
    body: 'What monthly amount would work for you? Let us agree an amount and a date, and please tell me early if anything changes.',
    tip: 'Hear their proposal first; offer instalments when a lump sum is hard. Plans follow the calculator; never promise a waiver on the phone.',
  },
  closing: {
    body: 'Let me repeat the amount and date we agreed. Please pay only through the official channels of {{creditorName}}. You will get a text reminder; thank you for your time.',
    tip: 'Read back the agreed amount and date; log the outcome straight after the call and send the reminder as agreed.',
  },
};

export const m0019CallScript: ConcordMigration = {
  name: '0019-call-script',
  async up(db, { t }) {
    await db.schema
      .createTable('call_script')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('section', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('tip', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('call_script_locale_section_uq', ['locale', 'section'])
      .execute();
    const at = new Date().toISOString();
    const rows = Object.entries({ 'zh-CN': zh, en }).flatMap(([locale, sections]) =>
      Object.entries(sections).map(([section, s]) => ({ id: `script-${locale}-${section}`, locale, section, body: s.body, tip: s.tip, version: 1, updated_by: null, updated_at: at })),
    );
    await db.insertInto('call_script').values(rows).execute();
  },
};
