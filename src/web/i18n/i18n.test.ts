import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { flattenMessages } from './messages.js';
import { zhCN } from './zh-CN.js';

describe('UI messages', () => {
  const zh = flattenMessages(zhCN);
  const eng = flattenMessages(en);

  it('zh-CN and en have the same key set', () => {
    expect(Object.keys(eng).sort()).toEqual(Object.keys(zh).sort());
  });

  it.each([
    ['zh-CN', zh],
    ['en', eng],
  ])('%s has no empty strings', (_lang, messages) => {
    const empty = Object.entries(messages).filter(([, v]) => v.trim() === '');
    expect(empty).toEqual([]);
  });

  it('interpolation placeholders match between languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(zh)) expect([key, vars(eng[key] ?? '')]).toEqual([key, vars(value)]);
  });

  it('role labels cover every role', async () => {
    const { roles } = await import('../../contracts/constants.js');
    for (const role of roles) {
      expect(zh[`roles.${role}`]).toBeTruthy();
      expect(eng[`roles.${role}`]).toBeTruthy();
    }
  });
});
