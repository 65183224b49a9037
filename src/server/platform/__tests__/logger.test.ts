import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('redacts personal data and secrets at any depth', () => {
    const { logger, text } = capture();
    logger.info({ phone: '13812345678', body: { password: 'hunter2-secret', nationalId: '11010519491231002X' }, debtor: { contact: { email: 'a@b.cn', address: '朝阳路88号' } } }, 'hello');
    const out = text();
    for (const secret of ['13812345678', 'hunter2-secret', '11010519491231002X', 'a@b.cn', '朝阳路88号']) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('hello');
  });
  it('masks digit runs in logged URLs (a phone typed in a search box)', () => {
    expect(redactUrl('/api/cases?q=13812345678&page=2')).toBe('/api/cases?q=***&page=2');
    expect(redactUrl('/api/cases?q=11010519491231002X')).toBe('/api/cases?q=***');
  });
});
