import { describe, expect, it } from 'vitest';
import { chooseSituation, renderScript, scriptLocaleFor, unknownScriptVariables, type SituationInput } from './script.js';

const NOW = '2026-11-28T02:00:00.000Z';
const base: SituationInput = { events: [], notes: [], occupation: null, now: NOW };
const ev = (type: string, at: string, untilAt: string | null = null) => ({ type, at, untilAt });

describe('chooseSituation', () => {
  it('none without events or telling notes', () => {
    expect(chooseSituation({ ...base, notes: [{ at: '2026-11-27T02:00:00Z', text: '客户同意周五还款' }] })).toEqual({ situation: null, reason: { source: 'none' } });
  });

  it('a dispute wins over a hardship hold and a cease request', () => {
    const r = chooseSituation({ ...base, events: [ev('hold_hardship', '2026-11-27T02:00:00Z'), ev('dispute', '2026-11-20T02:00:00Z'), ev('cease', '2026-11-27T03:00:00Z')] });
    expect(r).toEqual({ situation: 'dispute', reason: { source: 'event', eventType: 'dispute', at: '2026-11-20T02:00:00Z', keyword: null } });
  });

  it('a hardship hold is refined by the latest telling note, then by the occupation', () => {
    const events = [ev('hold_hardship', '2026-11-27T02:00:00Z')];
    expect(chooseSituation({ ...base, events }).situation).toBe('hardship');
    expect(chooseSituation({ ...base, events, notes: [{ at: '2026-11-27T02:00:00Z', text: '上个月被公司裁员了' }] }))
      .toEqual({ situation: 'unemployment', reason: { source: 'event', eventType: 'hold_hardship', at: '2026-11-27T02:00:00Z', keyword: '裁员' } });
    // The newer note decides.
    const notes = [{ at: '2026-11-20T02:00:00Z', text: '失业在家' }, { at: '2026-11-26T02:00:00Z', text: 'He is in hospital after surgery' }];
    expect(chooseSituation({ ...base, events, notes }).situation).toBe('illness');
    expect(chooseSituation({ ...base, events, occupation: '待业' }).reason).toMatchObject({ keyword: '待业' });
  });

  it('an expired or future event does not count; cease is refusal, unreachable is third party', () => {
    expect(chooseSituation({ ...base, events: [ev('dispute', '2026-11-01T00:00:00Z', '2026-11-10T00:00:00Z'), ev('cease', '2026-11-27T00:00:00Z')] }).situation).toBe('refusal');
    expect(chooseSituation({ ...base, events: [ev('dispute', '2026-11-29T00:00:00Z'), ev('unreachable', '2026-11-27T00:00:00Z')] }).situation).toBe('third_party');
  });

  it('without events, a recent note on illness picks illness; an old one does not', () => {
    expect(chooseSituation({ ...base, notes: [{ at: '2026-11-25T00:00:00Z', text: '家属说他住院了' }] })).toEqual({ situation: 'illness', reason: { source: 'note', at: '2026-11-25T00:00:00Z', keyword: '住院' } });
    expect(chooseSituation({ ...base, notes: [{ at: '2026-08-01T00:00:00Z', text: '家属说他住院了' }] }).situation).toBeNull();
  });
});

describe('script helpers', () => {
  it('English only for an English preference; dialects use the Chinese script', () => {
    expect(['en', 'en-GB', 'EN'].map(scriptLocaleFor)).toEqual(['en', 'en', 'en']);
    expect(['zh-CN', 'yue', 'wuu', 'nan', '', null].map(scriptLocaleFor)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
  });

  it('renders known variables and lists unknown ones', () => {
    const values = { collectorName: '王敏', agencyName: 'Concord', creditorName: '示例银行', debtorName: '张三', amountDue: '¥1.00' };
    expect(renderScript('我是{{agencyName}}的{{ collectorName }}', values)).toBe('我是Concord的王敏');
    expect(unknownScriptVariables('{{debtorName}}{{dueDate}}{{x}}{{dueDate}}')).toEqual(['dueDate', 'x']);
  });
});
