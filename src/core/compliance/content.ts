// Content rules for collection messages, call scripts and collectors' notes (zh-CN first, English second).
//
// The analyser looks for *claims*, not bare keywords: "我们会联系你的家人" is a threat to expose, "我们不会联系您的
// 家人" is a reassurance and "您可以联系您的家人帮您一起规划还款" is advice to the debtor. It works in three steps:
//   1. Every phrase rule (a precompiled regular expression with a category) runs over the whole text.
//   2. Each match is placed in its clause (text between 。！？；，,.!?;: and line breaks) and, for rules that need it,
//      checked against Intl.Segmenter word boundaries, so 抓紧 is not 抓 and 垃圾桶 is not 垃圾.
//   3. The words of the clause before the match decide whether it is a claim:
//        - a scope breaker (就, 否则, 到时候, then, otherwise, or …) starts a new scope, so in "不还就让你坐牢" the 不
//          belongs to the debtor's condition, not to the threat;
//        - a negator (不会, 不是, 绝不, 没有, 请勿, 免收, not, never, won't, no …) among the last few words suppresses
//          the claim, unless it negates the debtor's own action (不还, 未还款, "if you don't pay") or sits after a
//          condition marker (如果, 要是, if, unless);
//        - some rules name lawful framings that are not claims at all (the debtor as the actor: "您可以…",
//          "you may want to…"; anti-fraud warnings: "谨防骗子"; bank transfer charges: "银行收取的手续费").
//   Insults and debt mentions are never negatable: the word itself is the problem (or, for debt, the disclosure).
// Overlapping spans of one category are merged. `present` reports the elements a lawful message must carry.
//
// Pure: no I/O, no dependencies; runs in Node and browsers. Everything is compiled once at module load.

export type ContentCategory =
  | 'impersonation'
  | 'threat_arrest'
  | 'threat_violence'
  | 'threat_exposure'
  | 'insult'
  | 'false_blacklist'
  | 'false_legal'
  | 'induce_borrowing'
  | 'extra_fees'
  | 'debt_mention';

/** [start, end) in UTF-16 code units; `text === input.slice(start, end)`. */
export interface ContentSpan {
  category: ContentCategory;
  start: number;
  end: number;
  text: string;
}

export interface ContentFindings {
  /** Violations and debt_mention spans, sorted by start (then end). */
  spans: ContentSpan[];
  present: { identity: boolean; debtCollectorDisclosure: boolean; optOut: boolean };
}

export interface ContentOptions {
  /**
   * Names of the collecting institution. When at least one non-blank name is given, `present.identity` is true iff
   * one of them occurs in the text (case-insensitive); otherwise signature / self-introduction heuristics apply.
   */
  institutionNames?: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

type Edge = 'none' | 'start' | 'both';

interface Rule {
  readonly category: ContentCategory;
  readonly re: RegExp; // global
  readonly negatable: boolean;
  /** Match edges that must fall on Intl.Segmenter word boundaries. */
  readonly edge: Edge;
  /** Tested against the scope text before the match; a hit means a lawful framing, not a claim. */
  readonly lawfulBefore: RegExp | null;
}

interface RuleOptions {
  negatable?: boolean;
  edge?: Edge;
  lawfulBefore?: RegExp;
}

const NOT_NEGATABLE: ReadonlySet<ContentCategory> = new Set<ContentCategory>(['insult', 'debt_mention']);

function zh(category: ContentCategory, source: string, opts: RuleOptions = {}): Rule {
  return {
    category,
    re: new RegExp(source, 'g'),
    negatable: opts.negatable ?? !NOT_NEGATABLE.has(category),
    edge: opts.edge ?? 'none',
    lawfulBefore: opts.lawfulBefore ?? null,
  };
}

function en(category: ContentCategory, source: string, opts: RuleOptions = {}): Rule {
  return {
    category,
    re: new RegExp(String.raw`\b(?:${source})\b`, 'gi'),
    negatable: opts.negatable ?? !NOT_NEGATABLE.has(category),
    edge: opts.edge ?? 'none',
    lawfulBefore: opts.lawfulBefore ?? null,
  };
}

// Chinese building blocks.
const Y = '(?:你们|您们|你|您)'; // "you"
const YD = '(?:你们的|您们的|你家的|您家的|你们|您们|你的|您的|你家|您家|你|您)'; // "you / your"
const G = '[^，。！？；、,.!?;:：\\n\\r]'; // one character inside a clause
// Characters that end a self-introduction before an authority noun ("我是X公司的，会向法院…" is not a claim to be a court).
const GAP_ZH = '[^，。！？；、,.!?;:：\\n\\r不非没会将要向到去找诉交咨询问告说]';
const FRAME_ZH = '(?:我们这边是|我们这里是|我这边是|我这里是|我们是|我是|这里是|这边是|本人是|我方是)';
const AUTH_ZH =
  '(?:人民法院|法院|法庭|检察院|公安局|公安分局|公安厅|公安机关|公安|派出所|警察局|警局|警察|警方|民警|刑警|网警|经侦|警官|法官|检察官|书记员|执行局|执行庭|司法局|司法所|司法机关|政府|律师事务所|律所|律师|仲裁委员会|仲裁委|金融监管局|银保监会?|人民银行)';
const EXPO_VERB_ZH =
  '(?:联系|联络|通知|告诉|告知|打电话给|打电话到|打给|打到|打去|找到|找上|找|发给|发短信给|发信息给|短信通知|电话通知|上门找|去找|转告|曝光给|寄给|寄到|发到)';
const EXPO_TARGET_ZH =
  '(?:家人|家属|家里人|亲戚|亲属|亲人|亲友|亲朋好友|父母|爸妈|爸爸|妈妈|父亲|母亲|老婆|老公|妻子|丈夫|爱人|配偶|子女|孩子|儿子|女儿|朋友|好友|同学|同事|领导|上司|老板|工作单位|单位|公司|人事部?|HR|hr|通讯录|紧急联系人|联系人|村委会?|居委会?|村干部|社区|学校|老师|辅导员|邻居|房东)';
// The debtor is the actor: "您可以联系您的家人…", "建议您…".
const LAWFUL_ACTOR_ZH = new RegExp(
  `(?:(?:你|您)(?:们)?(?:也|还|自己|随时|完全)?(?:可以|可|能够|能|不妨|最好|应该|应当|需要|要|得|先|尽快|及时|主动|自行)|(?:请|建议|欢迎|希望)(?:你|您)?(?:们)?(?:也|尽快|及时|主动)?(?:可以)?)${G}{0,4}$`,
);
const ANTI_FRAUD_ZH = new RegExp(`(?:谨防|警惕|提防|防止|防范|当心|小心|识别|冒充|举报|远离|谨慎)${G}{0,4}$`);
const BANK_CHARGE_ZH = new RegExp(`(?:银行|转账|汇款|渠道|第三方|支付机构)${G}*$`);

// English building blocks (rules are compiled with the i flag).
const FRAME_EN = String.raw`(?:(?:i\s+am|i'm|i’m|we\s+are|we're|we’re)\s+(?:calling|writing)\s+(?:from|on\s+behalf\s+of)|(?:i\s+am|i'm|i’m|we\s+are|we're|we’re)\s+with|this\s+is|i\s+am|i'm|i’m|we\s+are|we're|we’re|calling\s+(?:from|on\s+behalf\s+of)|on\s+behalf\s+of|speaking\s+(?:for|on\s+behalf\s+of)|i\s+represent|we\s+represent|representing)`;
const DET_EN = String.raw`(?:(?:the|a|an|your|our|local|county|state|federal|district|city|superior|municipal|supreme|licensed)\s+){0,3}`;
const GAP_EN = String.raw`(?:(?!(?:about|regarding|concerning|re|not|no|never|to|for|and|or|but|because|calling|writing|contacting|reaching|here|asking|telling|going|trying|happy|glad|sorry|able|sure|aware)\b)[a-z][a-z'’.-]*\s+)?`;
const AUTH_EN = String.raw`(?:police(?:\s+(?:department|officer|station))?|sheriff(?:'s\s+(?:office|department))?|courthouse|court|fbi|irs|attorneys?(?:\s+general|'s\s+office)?|lawyers?|law\s+(?:firm|offices?|enforcement)|district\s+attorney|prosecutors?|government|officer|detective|marshals?|judge|department\s+of\s+justice)`;
const EXPO_TARGET_EN = String.raw`(?:employer|boss|manager|supervisor|workplace|office|job|work|hr|human\s+resources|company|colleagues?|co-?workers?|family(?:\s+members)?|relatives|parents|mother|mom|father|dad|wife|husband|spouse|partner|kids|children|son|daughter|friends?|neighbou?rs?|contacts|contact\s+list|references|church|school|landlord|pastor)`;
const LAWFUL_ACTOR_EN =
  /\b(?:you(?:\s+(?:can|could|may|might|should|want\s+to|wish\s+to|are\s+welcome\s+to)(?:\s+(?:also|want\s+to|wish\s+to|always))?)?|please|feel\s+free\s+to|we\s+(?:encourage|recommend|suggest|invite)\s+you\s+to|consider)\s+(?:[a-z’']+\s+)?$/i;

const RULES: readonly Rule[] = [
  // --- impersonation: claims to be, or to speak for, police / court / procuratorate / government / a lawyer.
  zh('impersonation', `${FRAME_ZH}${GAP_ZH}{0,14}?${AUTH_ZH}`),
  zh('impersonation', '【[^】\\n]{0,20}?(?:法院|法庭|检察院|公安|派出所|警方|律师事务所|律所|政府|司法局|执行局)[^】\\n]{0,10}】'),
  zh('impersonation', `代表${GAP_ZH}{0,10}?(?:法院|检察院|公安|派出所|警方|政府|司法机关)`),
  zh('impersonation', `(?:受|奉)${GAP_ZH}{0,10}?(?:法院|检察院|公安|派出所|警方|政府|司法机关)的?(?:委托|指派|命令|授权|之命)`),
  zh('impersonation', '(?:法院|检察院|公安局|派出所|警方|司法机关)(?:已经|已)?(?:委托|授权|指派)了?(?:我们|我司|本公司|我方|我)'),
  en('impersonation', String.raw`${FRAME_EN}\s+${DET_EN}${GAP_EN}${AUTH_EN}`),
  en('impersonation', String.raw`(?:this\s+is|i\s+am|i'm|i’m|my\s+name\s+is)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:from|with|of|at)\s+${DET_EN}${AUTH_EN}`),

  // --- threat_arrest: arrest, detention, jail, criminal prosecution.
  zh('threat_arrest', `(?:抓|逮捕|拘留|刑拘|拘捕|关押|羁押|铐)(?:起来|走)?${Y}`, { edge: 'start' }),
  zh('threat_arrest', `把${Y}${G}{0,6}?(?:抓|铐|关|拘留|逮捕|刑拘|送进|带走)`),
  zh('threat_arrest', '被(?:警察|公安|民警|警方|派出所)?(?:抓|逮捕|拘留|刑拘|拘捕|关押|判刑|带走|通缉|铐)', { edge: 'start' }),
  zh('threat_arrest', '坐牢|蹲(?:监狱|大牢|牢房|局子|号子)|(?:送进|关进|关到|进到|进)(?:监狱|看守所|拘留所|大牢|牢房|局子|号子)|牢饭'),
  zh('threat_arrest', `(?:追究|承担|面临|涉嫌|构成|判处|负)${YD}?的?刑事(?:责任|处罚|犯罪)?|刑事(?:责任|拘留|立案|案件|处罚|追诉|犯罪)`),
  zh('threat_arrest', '诈骗罪|恶意透支罪|信用卡诈骗|拒执罪|拒不执行判决|经济犯罪|(?:按|以|当作|定性为|涉嫌)诈骗|犯罪嫌疑人|立案侦查|判刑|通缉|抓人'),
  zh('threat_arrest', `(?:警察|公安|民警|警方|派出所)(?:会|将|马上|就|随时|已经|已){0,3}(?:上门|来抓|抓|带走|找你|找您|介入|来找)`),
  en('threat_arrest', String.raw`(?:be|get|getting|been|being|are|is)\s+(?:arrested|jailed|detained|locked\s+up|imprisoned|incarcerated|prosecuted|criminally\s+charged|charged\s+with\s+(?:a\s+crime|fraud|theft))`),
  en('threat_arrest', String.raw`go(?:es|ing)?\s+to\s+(?:jail|prison)|(?:send|put|throw)\s+you\s+(?:in(?:to)?\s+|to\s+)?(?:jail|prison)|lock\s+you\s+up`),
  en('threat_arrest', String.raw`arrest(?:ed|ing|s)?|(?:jail|prison)(?:\s+time)?|imprison(?:ed|ment)?|criminal\s+(?:charges?|prosecution|case|complaint|investigation|record|offen[cs]e)|press(?:ing)?\s+(?:criminal\s+)?charges|prosecut(?:e|ed|ion)`),
  en('threat_arrest', String.raw`(?:police|sheriff|cops|officers?|marshals?|deputies)\s+(?:will|are\s+going\s+to|are\s+coming\s+to|is\s+coming\s+to|are\s+on\s+their\s+way\s+to|coming\s+to)\s+(?:come|arrest|pick\s+you\s+up|visit|show\s+up|knock|get\s+you|your\s+(?:house|home|door))`),
  en('threat_arrest', String.raw`(?:charged|prosecuted|investigated)\s+(?:with|for)\s+(?:fraud|theft|a\s+crime|stealing)|(?:fraud|theft)\s+charges`),

  // --- threat_violence
  zh('threat_violence', `打(?:断|折|残|瘸|废|死|伤|爆)${YD}?(?:狗腿|腿|手|胳膊|头|脑袋|骨头|牙)?`),
  zh('threat_violence', `(?<![拨回])打${Y}(?!的?(?:电话|手机|号码|座机))`, { edge: 'start' }),
  zh('threat_violence', `(?:弄|整|搞|砍|捅|杀|宰|干)(?:死|残|废|掉)${Y}?`, { edge: 'start' }),
  zh('threat_violence', `(?:砍|捅|杀|宰|揍|废了|收拾|教训|修理)${Y}`, { edge: 'start' }),
  zh('threat_violence', `(?:小心|当心)(?:点|一点)?${YD}?的?(?:家人|家里人|孩子|小孩|老婆|老公|父母|爸妈|妻子|女儿|儿子|人身安全|安全|小命|脑袋|腿)`),
  zh('threat_violence', `(?:出门|走夜路|晚上出门)(?:小心|当心|注意)(?:点|一点)?|小心点儿?(?=[，。！!？?\\s]|$)|知道${YD}?(?:住哪|住在哪|家在哪|孩子在哪|孩子在哪上学)`),
  zh('threat_violence', `(?:让|叫)${Y}(?:好看|见血|残废|缺胳膊少腿|生不如死|不得好死|吃不了兜着走|后悔一辈子|后悔莫及|后悔|横着出去|出不了门)`),
  zh('threat_violence', '(?:家人|家里人|孩子|老婆|父母|全家)的?(?:安全(?:难以保证|没有保障|不保|难说|就难说了?)|会出事|出事|遭殃|倒霉|不会好过|没好日子过?|出点什么事|出点事)'),
  zh('threat_violence', `泼(?:油漆|红油漆|红漆|粪|狗血|汽油)|放火|烧(?:了|掉)?${YD}?的?(?:家|房子|车)|血光之灾|见血|(?:找|叫|派|带)(?:几个)?人(?:去|来|上门)?(?:收拾|教训|打|弄|对付|堵|砍)|死全家|全家死光|断子绝孙`),
  en('threat_violence', String.raw`(?:hurt|harm|kill|beat|shoot|stab|break|smash|attack|punch|injure|cut|burn)\s+(?:you|your\s+(?:family|kids|children|wife|husband|legs?|arms?|face|head|knees?|car|house|home|bones?|neck|fingers?))`),
  en('threat_violence', String.raw`beat\s+(?:you\s+)?up|rough\s+you\s+up|teach\s+you\s+a\s+lesson|make\s+you\s+(?:suffer|bleed|regret\s+it|pay\s+for\s+this)`),
  en('threat_violence', String.raw`watch\s+your\s+back|watch\s+out\s+for\s+your\s+(?:family|kids|children)|sleep\s+with\s+one\s+eye\s+open|you(?:'ll|’ll|\s+will)\s+be\s+sorry|(?:something|anything)\s+(?:bad|terrible|unfortunate|nasty)\s+(?:could|might|will|may|is\s+going\s+to)\s+happen`),
  en('threat_violence', String.raw`(?:we|i)\s+know\s+where\s+(?:you|your\s+[a-z]+)\s+(?:live|lives|work|works|sleep|sleeps|go\s+to\s+school|goes\s+to\s+school)`),
  en('threat_violence', String.raw`your\s+(?:family|kids|children|wife|husband|family's)\s+(?:safety|won't\s+be\s+safe|won’t\s+be\s+safe|will\s+not\s+be\s+safe|aren't\s+safe|are\s+not\s+safe|is\s+not\s+safe|isn't\s+safe|could\s+get\s+hurt|might\s+get\s+hurt)`, { negatable: false }),

  // --- threat_exposure: family, workplace, contacts, public posting.
  zh('threat_exposure', `爆${YD}?(?:手机)?的?通讯录|爆(?:通讯录|联系人)`),
  zh('threat_exposure', `${EXPO_VERB_ZH}(?:一下)?${YD}?(?:所有的?|全部的?|每一个|每个)?${EXPO_TARGET_ZH}(?:的?(?:领导|老板|同事|负责人))?(?!们?(?:借|凑|筹|周转|商量|帮|一起))`, { lawfulBefore: LAWFUL_ACTOR_ZH }),
  zh('threat_exposure', `给${YD}?的?${EXPO_TARGET_ZH}(?:打电话|打个电话|发短信|发信息|寄)`, { lawfulBefore: LAWFUL_ACTOR_ZH }),
  zh('threat_exposure', `(?:去|到|上|跑到|找到)${YD}(?:工作单位|单位|公司|学校|老家|村里|小区|家门口|家里去闹)(?:去|来)?(?:找|闹|堵|贴|宣传|走访|拉横幅)?`, { lawfulBefore: LAWFUL_ACTOR_ZH }),
  zh('threat_exposure', '家门口(?:闹|堵|贴|喷|泼|拉横幅|喊)|(?:贴|挂|拉|发|印)(?:大字报|横幅|传单)|大字报'),
  zh('threat_exposure', `(?:发布|发|挂|贴|传|公布|曝光|晒|放)(?:到|在|上)?${YD}?的?(?:朋友圈|微博|抖音|快手|小红书|网络上|网上|互联网上?|微信群|家族群|业主群|公司群|班级群|群里|贴吧|论坛|公众号|头条)`, { lawfulBefore: LAWFUL_ACTOR_ZH }),
  zh('threat_exposure', `曝光${Y}?|公开${YD}?的?(?:个人)?(?:信息|身份|照片|隐私|欠款|欠债|身份证|资料)`),
  zh('threat_exposure', `群发(?:给|到)?${YD}?的?(?:通讯录|联系人|亲友|亲朋好友|好友|所有人)`),
  zh('threat_exposure', '(?:通讯录|联系人)(?:里|中|上)?的?(?:每个人|每一个人|所有人|全部人|每个好友|所有好友|每一位)'),
  zh('threat_exposure', `(?:让|叫)${YD}?的?(?:家人|亲戚|朋友|同事|领导|邻居|所有人|身边所有人|身边的人|大家|全村人?|全小区|全公司)都?(?:知道|看看|看到|评评理)`, { lawfulBefore: LAWFUL_ACTOR_ZH }),
  zh('threat_exposure', `(?:让|叫)${Y}(?:社死|出名|丢人|没脸见人|抬不起头|名誉扫地|身败名裂)|社死|社会性死亡`),
  en('threat_exposure', String.raw`(?:tell|call|calling|contact|contacting|notify|inform|email|e-mail|text|message|visit|reach\s+out\s+to|get\s+in\s+touch\s+with|speak\s+(?:to|with)|talk\s+to|go\s+to|show\s+up\s+at|come\s+to|write\s+to|report\s+(?:this\s+|you\s+|it\s+)?to|send\s+(?:this|it|a\s+letter|letters|notices?)\s+to)\s+(?:your|all\s+(?:of\s+)?your|each\s+of\s+your|every\s+one\s+of\s+your|everyone\s+(?:at|in)\s+your)\s+(?:[a-z]+\s+){0,2}?${EXPO_TARGET_EN}`, { lawfulBefore: LAWFUL_ACTOR_EN }),
  en('threat_exposure', String.raw`(?:everyone|everybody|all\s+the\s+people|every\s+person|all\s+(?:of\s+)?your\s+contacts)\s+(?:in|on)\s+your\s+(?:contacts?|contact\s+list|phone\s*book|address\s+book|phone)`),
  en('threat_exposure', String.raw`post(?:ing|ed|s)?\s+(?:(?:it|this|that|them|you|about\s+you|the\s+debt|your\s+debt|your\s+[a-z]+(?:\s+[a-z]+)?)\s+)?(?:online|on\s+(?:the\s+internet|social\s+media|facebook|instagram|twitter|x|tiktok|linkedin|the\s+web|your\s+wall))`),
  en('threat_exposure', String.raw`(?:publicly\s+)?(?:expose|shame|humiliate|name\s+and\s+shame)\s+you|public(?:ly)?\s+(?:shame|humiliate|expose)`),
  en('threat_exposure', String.raw`(?:your|the\s+whole)\s+(?:employer|boss|family|neighbou?rs?|friends|town|village|office|church|world)\s+will\s+(?:know|find\s+out|hear\s+about|learn)|everyone\s+will\s+(?:know|find\s+out|hear\s+about\s+it)|let\s+(?:everyone|everybody|your\s+[a-z]+)\s+know`, { lawfulBefore: LAWFUL_ACTOR_EN }),

  // --- insult (never negatable)
  zh('insult', '老赖|赖皮|无赖'),
  zh('insult', '骗子', { lawfulBefore: ANTI_FRAUD_ZH }),
  zh('insult', '臭不要脸|不要脸|没脸没皮|没皮没脸|厚颜无耻|无耻'),
  zh('insult', '垃圾(?!短信|邮件|电话|信息|分类|桶|站|场|处理|回收|袋|车)', { edge: 'both' }),
  zh('insult', '废物(?!利用|回收|处理|处置)', { edge: 'start' }),
  zh('insult', '畜生|畜牲|禽兽|人渣|败类|王八蛋|王八|混蛋|混账|贱人|贱货|贱骨头|狗东西|狗杂种|狗日的|狗娘养的|杂种|孬种|窝囊废|穷鬼|穷逼|白痴|蠢货|蠢猪|猪脑子|脑残|智障|神经病|弱智|傻子|傻瓜|笨蛋|废柴|丢人现眼|不得好死|下贱|骗钱的|诈骗犯|小偷|强盗|土匪'),
  zh('insult', '去死', { edge: 'start' }),
  zh('insult', '滚(?:蛋|开|出去|远点)?', { edge: 'both' }),
  zh('insult', '傻逼|傻[Bb]|煞笔|沙比|傻叉|(?<![A-Za-z])(?:SB|sb)(?![A-Za-z])|(?:他|你)妈的|TMD|tmd|尼玛|操你|草你|日你'),
  en('insult', String.raw`deadbeats?|scum(?:bags?)?|idiots?|losers?|morons?|stupid|dumb(?:ass)?|imbeciles?|worthless|pathetic|parasites?|low-?lifes?|freeloaders?|thie(?:f|ves)|liars?|crooks?|bums?|retard(?:ed|s)?|bitch(?:es)?|bastards?|assholes?|jerks?|fuck(?:ing|er|ers)?|shit(?:head)?|piece\s+of\s+(?:shit|crap|garbage|trash)|fraudsters?|cheaters?|you(?:'re|’re|\s+are)\s+(?:a\s+|such\s+a\s+|nothing\s+but\s+)?(?:trash|garbage|fraud|cheat|nothing)|go\s+(?:to\s+hell|die)|drop\s+dead|kill\s+yourself`),

  // --- false_blacklist
  zh('false_blacklist', '(?:被列入|被拉入|被纳入|拉入|拉进|列入|纳入|录入|加入|上报到?|报送到?|报到|写入|计入|打入|放进|放入|进入?|上了?)?到?(?:全国联网|全国|联网|全网)?的?(?:征信|信用|金融|银行|网贷|行业|互联网金融|央行)?(?:系统)?的?黑名单'),
  zh('false_blacklist', '黑户|征信(?:系统)?(?:上|里)?会?(?:留下)?(?:污点|黑点|终身|永久|一辈子)|征信(?:就|会|全)?(?:花|黑|烂|废|毁|完蛋)(?:了|掉)?'),
  zh('false_blacklist', '(?:永久|终身|一辈子|以后)都?(?:不能|无法|没法|别想|再也不能)(?:贷款|借款|借钱|办信用卡|办卡|买房|买车|贷到款|坐高铁|坐飞机)'),
  zh('false_blacklist', '失信(?:被执行人)?名单|老赖名单|(?:列为|成为|变成|认定为)(?:失信被执行人|失信人员|老赖)'),
  zh('false_blacklist', '(?:全网|全行业|全国)(?:通报|封杀|共享)'),
  en('false_blacklist', String.raw`black[-\s]?list(?:ed|ing|s)?`),
  en('false_blacklist', String.raw`(?:never|not)\s+(?:be\s+able\s+to\s+)?(?:get|obtain|receive|take\s+out|open)\s+(?:a\s+|any\s+)?(?:loan|credit|mortgage|credit\s+card|bank\s+account)s?\s+(?:again|ever\s+again|for\s+life)`, { negatable: false }),
  en('false_blacklist', String.raw`(?:ruin|ruins|ruined|destroy|destroys|destroyed|wreck|wrecked|kill)\s+your\s+credit(?:\s+score)?\s+(?:forever|for\s+life|permanently|for\s+good)|your\s+credit(?:\s+score)?\s+(?:will\s+be\s+)?(?:ruined|destroyed)\s+(?:forever|for\s+life|permanently|for\s+good)`),
  en('false_blacklist', String.raw`banned\s+from\s+(?:all\s+)?(?:banks|banking|credit|borrowing|lending)|(?:permanent|lifetime)\s+(?:credit\s+)?(?:ban|mark|record)|bad\s+credit\s+list`),

  // --- false_legal: misleading or inflated legal consequences.
  zh('false_legal', '(?:法院|法庭|仲裁委|仲裁庭)(?:那边)?(?:都已经|已经|已)(?:正式)?(?:立案|受理|判决|下达|发出|出具|开庭|传唤|冻结|查封|执行|判了)'),
  zh('false_legal', '(?:都已经|已经|已)(?:正式)?(?:向法院|向公安|对你|对您)?(?:立案|起诉|提起诉讼|提起公诉|报案|报警|申请强制执行|申请执行|进入司法程序|进入诉讼程序|走司法程序|走法律程序)'),
  zh('false_legal', '(?:马上|即将|立即|立刻|今天|明天|今晚|随时|近期|[0-9０-９一二三两]+个?(?:小时|天|日)内)就?(?:会|将|要)?被?(?:法院)?(?:起诉|立案|开庭|强制执行|冻结|查封|扣押|拍卖|执行|上门执行|传唤|判决)'),
  zh('false_legal', `(?:都已经|已经|已)把?(?:${YD}的?)?(?:案子|案件|资料|材料|欠款)?(?:移交|转交|上报|报送|提交|交给|转到|移送)(?:给|到|至)?(?:当地)?的?(?:公安|警方|派出所|经侦|检察院|法院|司法机关|司法部门|律师|律所|法务)`),
  zh('false_legal', `(?:律师函|传票|起诉书|判决书|执行通知书|法院通知书?|催告函)(?:都已经|已经|已)(?:发送|发出|寄出|送达|下达|发|寄|送)(?:出|往|到|至)?(?:${YD}?的?(?:工作单位|单位|公司|老家|家里|家|户籍地))?`),
  zh('false_legal', `(?:律师函|传票|起诉书|法院通知书?)(?:会|将|马上|就|明天)?(?:发|寄|送)(?:到|至|往)${YD}?的?(?:工作单位|单位|公司|老家|家里|家|户籍地|村委会?|居委会?)`),
  zh('false_legal', `(?:冻结|查封|扣押|扣划|划扣|拍卖|没收|强制执行|收走|拿走|封掉|封了)${YD}?(?:名下)?的?(?:所有|全部|一切)?的?(?:银行卡|银行账户|账户|卡|财产|资产|房子|房产|住房|车子|车辆|汽车|车|工资|微信|支付宝|存款|社保|公积金|养老金)`),
  zh('false_legal', `(?:扣发|停发|扣)${YD}?的?(?:工资|薪水|奖金|社保)`),
  zh('false_legal', `(?:影响|连累|牵连)${YD}?的?(?:子女|孩子|儿女|后代|家人)的?(?:上学|入学|考公|考编|当兵|参军|入党|政审|就业|工作|前途)|(?:子女|孩子)(?:以后|将来)?都?(?:不能|无法|没法)(?:上学|考公|考编|当兵|参军|入党|上大学|上好学校)`),
  zh('false_legal', `(?:不能|无法|禁止)(?:乘坐|坐)(?:高铁|飞机|火车)|限制${YD}?的?(?:高消费|出境|出行)|限高`),
  zh('false_legal', '上门(?:执行|查封|冻结|扣押)|(?:法院|执行局|法警)(?:会|将|马上|就|明天){0,3}(?:上门|来)(?:执行|查封|找你|抓人)?'),
  zh('false_legal', '(?:已经|已)被?(?:列为|认定为|定性为)(?:被告|被执行人|恶意逃债|诈骗)'),
  en('false_legal', String.raw`(?:a\s+|the\s+)?(?:lawsuit|suit|legal\s+action|legal\s+proceedings|court\s+case|case|complaint|judgment|judgement|warrant)\s+(?:has|have)\s+(?:already\s+)?been\s+(?:filed|initiated|opened|started|commenced|entered|issued|granted)`),
  en('false_legal', String.raw`(?:we|they|the\s+(?:court|judge|creditor|bank|lender))\s+(?:have|has)\s+(?:already\s+)?(?:filed|sued|issued|obtained|won)|we(?:'ve|’ve)\s+(?:already\s+)?(?:filed|sued)`),
  en('false_legal', String.raw`(?:seize|repossess|take|confiscate|freeze|garnish|levy|auction|foreclose\s+on|empty|drain|put\s+a\s+lien\s+on)\s+(?:all\s+(?:of\s+)?)?your\s+(?:[a-z]+\s+)?(?:house|home|car|vehicle|property|properties|assets|belongings|wages?|salary|pay(?:check)?s?|accounts?|savings|benefits|pension|tax\s+refund)`),
  en('false_legal', String.raw`your\s+(?:wages?|salary|pay(?:check)?|accounts?|bank\s+accounts?|assets|property|house|home|car)\s+(?:will|is\s+going\s+to|are\s+going\s+to|is\s+about\s+to|are\s+about\s+to)\s+be\s+(?:garnished|frozen|seized|levied|repossessed|taken|confiscated|foreclosed)`),
  en('false_legal', String.raw`(?:summons|subpoena|warrant|court\s+order|court\s+date)\s+(?:has\s+been|was|is\s+being|will\s+be)\s+(?:issued|served|sent|set)|(?:you\s+will\s+be|you(?:'ll|’ll)\s+be|you\s+are\s+being|you(?:'re|’re)\s+being)\s+(?:sued|served|summoned|taken\s+to\s+court)`),
  en('false_legal', String.raw`(?:sued|sue\s+you|suing\s+you)\s+(?:today|tomorrow|immediately|right\s+away|within\s+\d+\s+(?:hours|days))`),

  // --- induce_borrowing: new borrowing to repay.
  zh('induce_borrowing', '以贷养贷|以卡养卡|拆东墙补西墙|借新还旧|撸口子|套现'),
  zh('induce_borrowing', '(?:去|到|找|从|在|上|用)(?:别的|其他的?|其它的?|另外的?|别家|其余的?)(?:借款平台|贷款平台|网贷平台|平台|网贷|APP|app|软件|银行|小贷|贷款公司|口子)上?(?:借|贷|套|下款|申请|周转)'),
  zh('induce_borrowing', '借(?:一?点|些)?(?:网贷|高利贷|小额贷款|钱)(?:来|去)?还'),
  zh('induce_borrowing', '(?:下载|申请|去办|去借|办|借)(?:几个|一些|一张|个|张|点)?(?:网贷|小额贷款|贷款APP|口子|信用卡|高利贷)'),
  zh('induce_borrowing', `刷${YD}?的?(?:信用卡|花呗|白条|借呗|额度)|(?:用|拿|通过)${YD}?的?(?:信用卡|花呗|白条|借呗|微粒贷|金条|网贷)(?:来|去)?(?:还|套现|垫|周转)`),
  zh('induce_borrowing', `(?:找|跟|向|问)${YD}?的?(?:亲戚|朋友|家人|家里人|父母|爸妈|同事|亲友|亲朋好友|身边的人|别人)们?(?:借|凑|筹|周转)`),
  en('induce_borrowing', String.raw`(?:take\s+out|get|apply\s+for|open|use)\s+(?:a\s+new\s+|another\s+|new\s+|an?\s+)?(?:payday\s+loan|personal\s+loan|loan|cash\s+advance|title\s+loan|credit\s+card|line\s+of\s+credit)s?\s+(?:to|and)\s+(?:pay|repay|cover|settle|clear)`),
  en('induce_borrowing', String.raw`borrow(?:ing)?\s+(?:(?:the\s+|some\s+)?money\s+|it\s+|cash\s+)?(?:from\s+(?:your\s+|a\s+|another\s+|other\s+)?(?:[a-z]+\s+){0,2}?(?:friends?|family|relatives?|parents|someone|anyone|lenders?|bank|coworkers?|boss|employer)\s+)?(?:to|and)\s+(?:pay|repay|settle|cover|clear)`),
  en('induce_borrowing', String.raw`borrow(?:ing)?\s+(?:money\s+)?from\s+(?:your\s+)?(?:friends|family|relatives|parents)`),
  en('induce_borrowing', String.raw`payday\s+loans?|cash\s+advances?|title\s+loans?|(?:put|charge)\s+(?:it|this|the\s+balance|the\s+debt)\s+(?:on|to)\s+(?:your\s+|a\s+)?(?:credit\s+card|card)|max\s+out\s+(?:your\s+)?(?:credit\s+)?cards?`),

  // --- extra_fees demanded by the collector.
  zh('extra_fees', '(?:催收|上门|外访|处理|加急|解冻|撤案|销案|消案|撤诉|审核|工本|通话|差旅|调查|减免|通道|出警|协商)(?:服务)?费'),
  zh('extra_fees', '手续费', { lawfulBefore: BANK_CHARGE_ZH }),
  zh('extra_fees', '(?:另外|额外)还?(?:需要|要|得)?(?:支付|缴纳|收取|交纳|交|付|收|承担)'),
  zh('extra_fees', '(?:缴纳|交|支付|付)(?:一笔)?保证金'),
  en('extra_fees', String.raw`(?:collection|collections|processing|convenience|handling|service|visit|administrative|admin|call|phone|letter|field|recovery|settlement|investigation|courier)\s+(?:fee|charge|surcharge)s?`),
  en('extra_fees', String.raw`(?:extra|additional)\s+(?:fee|charge|surcharge|cost)s?|fee\s+for\s+(?:this|the|our|each|every)\s+(?:call|letter|visit|notice|message|reminder|text)`),

  // --- debt_mention (not a violation by itself; never negatable)
  zh('debt_mention', '欠款|欠费|欠钱|欠债|欠账|欠缴|拖欠|赖账|逾期|借款|贷款|还款|还钱|还清|债务|债权|催收|账单|未还|待还|应还|本息|本金|网贷|结清|清偿|欠(?:我们|我司|公司|平台|银行)的?(?:钱|款)?'),
  en('debt_mention', String.raw`debts?|indebted|overdue|past[-\s]due|owes?|owed|owing|payments?|repay(?:s|ment|ments|ing)?|pay\s+(?:us|it|off|back|the\s+balance|what\s+you\s+owe)|collect(?:s|ed|ing|ion|ions|or|ors)?|loans?|balances?\s+(?:due|owed|outstanding)|outstanding\s+(?:balance|amount)|amount\s+(?:due|owed)|arrears|delinquen(?:t|cy)|installments?|creditors?`),
];

// ---------------------------------------------------------------------------------------------------------------
// Clauses, words, negation

const CLAUSE_BREAK = /[。！？；，!?;：:\n\r…]|(?<!\d)[,.]|[,.](?!\d)/g;
// A scope breaker ends the debtor's condition and starts the consequence ("不还就…", "if you don't pay, then…").
const SCOPE_BREAK =
  /否则|不然|那么|就|(?<!方)便(?!宜)|则|到时|然后|而是|但|可是|却|只会|等着|的话|之后|以后|\b(?:then|otherwise|else|or|but|instead|so)\b/gi;
const NEGATED_CAUSE = /(?:不|没|非|并非)(?:会|是|仅仅|只是)?(?:因为|由于)/;
/** How far (UTF-16 units) before a claim its scope may reach; keeps long unpunctuated text linear. */
const MAX_LOOKBACK = 80;
/** Clauses longer than this are segmented in pieces of PIECE code units. */
const LONG_CLAUSE = 400;
const PIECE = 200;
/** How many words before a claim a negator may sit. */
const NEG_REACH = 8;

const NEGATORS: ReadonlySet<string> = new Set([
  // zh
  '不', '不会', '不是', '不要', '不能', '不得', '不可', '不可能', '不再', '不用', '不必', '不需', '不需要', '不准', '不许',
  '不允许', '不可以', '不该', '不应', '不应该', '不曾', '并不', '并非', '并没有', '并未', '没', '没有', '未', '未曾', '尚未',
  '从不', '从未', '从没', '从来', '从来不', '从来没有', '绝不', '决不', '绝对不', '绝非', '绝无', '毫无', '永不', '非', '别',
  '勿', '请勿', '切勿', '严禁', '禁止', '杜绝', '无', '无需', '无须', '免', '免收', '免除', '拒绝', '不存在',
  // en
  'not', 'no', 'never', "don't", 'dont', "won't", 'wont', "can't", 'cant', 'cannot', "doesn't", "didn't", "isn't",
  "aren't", "wasn't", "weren't", "shouldn't", "wouldn't", "couldn't", "mustn't", "shan't", 'nobody', 'nothing',
  'neither', 'nor', 'without', 'none', 'nowhere',
]);
// Words that begin with 不/没/未 without negating anything that follows.
const NOT_NEGATORS: ReadonlySet<string> = new Set([
  '不良', '不少', '不断', '不仅', '不过', '不然', '不管', '不论', '不停', '不久', '不得不', '不错', '不足', '不同', '不利', '不安',
  '不如', '不但', '不只', '不光', '不止', '不满', '不幸', '不当', '不法', '不便', '不妨', '不禁', '不免', '不堪', '不得了',
  '不要脸', '再不', '要不', '要不然', '没事', '没关系', '没钱', '未来', '未知', '未还', '未付', '未缴', '没还',
]);
// The debtor's own action: a negator in front of one of these is a condition, not a negated threat.
const DEBTOR_ACTIONS: ReadonlySet<string> = new Set([
  '还', '还钱', '还款', '还清', '还上', '归还', '偿还', '付', '付款', '付钱', '支付', '缴', '缴费', '缴纳', '交', '交钱', '处理',
  '配合', '接', '接听', '接电话', '回', '回复', '回电', '回电话', '理', '理会', '理睬', '搭理', '管', '解决', '结清', '出面',
  '重视', '在乎', '想', '愿意', '肯', '给', '给钱', '联系',
  'pay', 'repay', 'respond', 'reply', 'answer', 'call', 'contact', 'settle', 'cooperate', 'pick', 'return',
  'resolve', 'work', 'want', 'take', 'act', 'come', 'give', 'arrange', 'comply', 'show', 'hear', 'send', 'clear',
  'deal', 'fix', 'bring', 'care', 'agree',
]);
// After an imperative negator ("别逼我们…", "don't make us…") these verbs introduce a threat, not a reassurance.
const PUSH_VERBS: ReadonlySet<string> = new Set(['逼', '让', '怪', '等', '怨', 'make', 'force']);
const IMPERATIVE_NEGATORS: ReadonlySet<string> = new Set(['别', '不要', '别再', "don't", 'dont']);
const CONDITION_MARKERS: ReadonlySet<string> = new Set([
  '如果', '要是', '若', '假如', '倘若', '万一', '只要', '一旦', '若是', '假若', '如若',
  'if', 'unless', 'when', 'once', 'until', 'whenever',
]);

interface Clause {
  start: number;
  end: number;
}

interface Token {
  start: number;
  end: number;
  norm: string; // lower-case, curly apostrophe folded
  word: boolean;
}

const SEGMENTER: Intl.Segmenter | null =
  typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter('zh-CN', { granularity: 'word' })
    : null;

function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let from = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m !== null; m = CLAUSE_BREAK.exec(text)) {
    clauses.push({ start: from, end: m.index });
    from = m.index + m[0].length;
  }
  clauses.push({ start: from, end: text.length });
  return clauses;
}

function clauseIndexAt(clauses: readonly Clause[], pos: number): number {
  let lo = 0;
  let hi = clauses.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((clauses[mid]?.start ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function tokenize(text: string, clause: Clause): Token[] {
  const slice = text.slice(clause.start, clause.end);
  const tokens: Token[] = [];
  if (SEGMENTER) {
    for (const s of SEGMENTER.segment(slice)) {
      const start = clause.start + s.index;
      tokens.push({ start, end: start + s.segment.length, norm: normWord(s.segment), word: s.isWordLike === true });
    }
    return tokens;
  }
  // No Intl.Segmenter: Latin words, and every other non-space character as its own word.
  const re = /[A-Za-z0-9'’]+|\S/g;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const start = clause.start + m.index;
    tokens.push({ start, end: start + m[0].length, norm: normWord(m[0]), word: /[\p{L}\p{N}]/u.test(m[0]) });
  }
  return tokens;
}

function normWord(s: string): string {
  return s.toLowerCase().replace(/’/g, "'");
}

// Helpers live at module level: a closure declared inside a hot function is re-created (and, under tsx's
// keepNames, re-named with Object.defineProperty) on every call.
function isBoundary(tokens: readonly Token[], stretch: Clause, pos: number): boolean {
  if (pos === stretch.start || pos === stretch.end) return true;
  for (const t of tokens) if (t.start === pos) return true;
  return false;
}

function onBoundaries(tokens: readonly Token[], stretch: Clause, start: number, end: number, edge: Edge): boolean {
  if (!isBoundary(tokens, stretch, start)) return false;
  return edge !== 'both' || isBoundary(tokens, stretch, end);
}

/** Start of the scope the claim at `start` lives in: after the last scope breaker of its clause. */
function scopeStart(text: string, clause: Clause, start: number): number {
  const base = Math.max(clause.start, start - MAX_LOOKBACK);
  const before = text.slice(base, start);
  let from = base;
  SCOPE_BREAK.lastIndex = 0;
  for (let m = SCOPE_BREAK.exec(before); m !== null; m = SCOPE_BREAK.exec(before)) {
    // "不会因为您逾期就…": the negation covers the whole because-clause and its consequence.
    if (NEGATED_CAUSE.test(before.slice(0, m.index))) continue;
    from = base + m.index + m[0].length;
  }
  return from;
}

/** Word-like tokens lying wholly inside [from, to); tokens are in text order. */
function wordsBetween(tokens: readonly Token[], from: number, to: number): Token[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.start ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const words: Token[] = [];
  for (let i = lo; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.end > to) break;
    if (t.word) words.push(t);
  }
  return words;
}

function isNegator(norm: string): boolean {
  if (NEGATORS.has(norm)) return true;
  if (NOT_NEGATORS.has(norm) || norm.length > 3 || !/^[不没未]/.test(norm)) return false;
  // 不联系, 没通知 …: a negator fused to a verb. 不还, 未付 …: the debtor's condition.
  return !DEBTOR_ACTIONS.has(norm.slice(1));
}

function negatedBefore(words: readonly Token[]): boolean {
  const from = Math.max(0, words.length - NEG_REACH);
  for (let i = words.length - 1; i >= from; i--) {
    const t = words[i];
    if (!t || !isNegator(t.norm)) continue;
    const next = words[i + 1]?.norm;
    const prev = words[i - 1]?.norm;
    // A-not-A questions (信不信, 要不要, 是不是) ask; they do not deny.
    if (prev !== undefined && (prev === next || t.norm === `不${prev}` || t.norm === `没${prev}`)) continue;
    if (next !== undefined) {
      if (DEBTOR_ACTIONS.has(next)) continue; // 你不还…, if you don't pay…
      const imperative = IMPERATIVE_NEGATORS.has(t.norm) || (t.norm === 'not' && prev === 'do');
      if (imperative && PUSH_VERBS.has(next)) continue; // 别逼我们…, don't make us…
      if (t.norm === '不要' && next === '脸') continue;
    }
    if (words.slice(0, i).some((w) => CONDITION_MARKERS.has(w.norm))) continue; // 如果您不…, if we don't hear…
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Required elements

const SIGNATURE_ZH = /【\s*[^】【\s][^】【\n]*】/; // 【 ends each attempt: linear on unclosed brackets
const SELF_ID_ZH = new RegExp(
  `(?:我们这边是|我这边是|我们是|我是|这里是|这边是|本人是|来自)${G}{0,20}?(?:公司|机构|银行|中心|平台|集团|事务所)|本机构`,
);
const SELF_ID_EN =
  /\b(?:[Tt]his is|THIS IS|I am|I'm|I’m|[Ww]e are|[Ww]e're|[Ww]e’re)\b[^.!?\n]{0,40}?\b(?:from|with|of|on behalf of)\s+(?:the\s+)?[A-Z][A-Za-z0-9&'’.-]*|\b[Oo]n behalf of\s+(?:the\s+)?[A-Z][A-Za-z0-9&'’.-]*/;
const DISCLOSURE_EN =
  /\battempt(?:ing|s)?\s+to\s+collect\s+(?:a\s+|the\s+|this\s+|your\s+)?debts?\b|\bfrom\s+an?\s+debt\s+collector\b|\b(?:i\s+am|i'm|i’m|we\s+are|we're|we’re|is)\s+an?\s+debt\s+collector\b/gi;
const DISCLOSURE_NEGATED = /\b(?:not|never|isn't|isn’t|aren't|aren’t)\s+(?:\S+\s+){0,2}$/i;
const OPT_OUT = /退订|拒收|回复?\s*TD?(?![A-Za-z])|\breply\s+(?:with\s+)?["'“‘]?stop\b|\btext\s+["'“‘]?stop\b|\bunsubscribe\b|\bopt[-\s]?out\b/i;

function hasIdentity(text: string, names: readonly string[] | undefined): boolean {
  const given = (names ?? []).map((n) => n.trim()).filter((n) => n.length > 0);
  if (given.length > 0) {
    const lower = text.toLowerCase();
    return given.some((n) => lower.includes(n.toLowerCase()));
  }
  return SIGNATURE_ZH.test(text) || SELF_ID_ZH.test(text) || SELF_ID_EN.test(text);
}

function hasDisclosure(text: string): boolean {
  DISCLOSURE_EN.lastIndex = 0;
  for (let m = DISCLOSURE_EN.exec(text); m !== null; m = DISCLOSURE_EN.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (!DISCLOSURE_NEGATED.test(before)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis

function segmentOnce(text: string, cache: Map<string, Token[]>, key: string, piece: Clause): Token[] {
  let tokens = cache.get(key);
  if (!tokens) {
    tokens = tokenize(text, piece);
    cache.set(key, tokens);
  }
  return tokens;
}

// Tokens of the clause around [start, end) and the stretch they cover. A short clause is segmented whole; a long
// one in fixed pieces (ICU's dictionary segmentation slows down badly on long CJK runs), once each.
function tokensAround(text: string, cache: Map<string, Token[]>, ci: number, clause: Clause, start: number, end: number): [Token[], Clause] {
  if (clause.end - clause.start <= LONG_CLAUSE) return [segmentOnce(text, cache, `${ci}`, clause), clause];
  const first = Math.floor((Math.max(clause.start, start - MAX_LOOKBACK) - clause.start) / PIECE);
  const last = Math.floor((Math.min(clause.end, end + 16) - 1 - clause.start) / PIECE);
  const tokens: Token[] = [];
  for (let k = first; k <= last; k++) {
    const pieceStart = clause.start + k * PIECE;
    tokens.push(...segmentOnce(text, cache, `${ci}:${k}`, { start: pieceStart, end: Math.min(clause.end, pieceStart + PIECE) }));
  }
  return [tokens, { start: clause.start + first * PIECE, end: Math.min(clause.end, clause.start + (last + 1) * PIECE) }];
}

/** Finds claims (violations) and debt mentions in `text`, and which required elements it carries. */
export function analyzeContent(text: string, options: ContentOptions = {}): ContentFindings {
  const clauses = splitClauses(text);
  const tokenCache = new Map<string, Token[]>();
  const wordsAround = (ci: number, clause: Clause, start: number, end: number) => tokensAround(text, tokenCache, ci, clause, start, end);

  const raw: ContentSpan[] = [];
  for (const rule of RULES) {
    const re = rule.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      const ci = clauseIndexAt(clauses, start);
      const clause = clauses[ci];
      if (!clause || end > clause.end) continue; // a match may not run across a clause break
      if (rule.edge !== 'none') {
        const [tokens, stretch] = wordsAround(ci, clause, start, end);
        if (!onBoundaries(tokens, stretch, start, end, rule.edge)) continue;
      }
      if (rule.lawfulBefore || rule.negatable) {
        const from = scopeStart(text, clause, start);
        if (rule.lawfulBefore?.test(text.slice(from, start))) continue;
        if (rule.negatable && negatedBefore(wordsBetween(wordsAround(ci, clause, start, end)[0], from, start))) continue;
      }
      raw.push({ category: rule.category, start, end, text: '' });
    }
  }

  return {
    spans: mergeSpans(text, raw),
    present: {
      identity: hasIdentity(text, options.institutionNames),
      debtCollectorDisclosure: hasDisclosure(text),
      optOut: OPT_OUT.test(text),
    },
  };
}

/** Merges overlapping spans of one category; sorts by start, then end. */
function mergeSpans(text: string, raw: ContentSpan[]): ContentSpan[] {
  raw.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: ContentSpan[] = [];
  const open = new Map<ContentCategory, ContentSpan>();
  for (const s of raw) {
    const last = open.get(s.category);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      continue;
    }
    const span = { ...s };
    merged.push(span);
    open.set(s.category, span);
  }
  for (const s of merged) s.text = text.slice(s.start, s.end);
  merged.sort((a, b) => a.start - b.start || a.end - b.end);
  return merged;
}
