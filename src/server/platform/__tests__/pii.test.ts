import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPiiCipher, mask, maskEmail, maskName, maskNationalId, maskPhone, parseSecretKey, resolveSecretKey } from '../pii.js';

const cipher = createPiiCipher(randomBytes(32));

describe('PII encryption', () => {
  it('round-trips any text and never stores it in the clear', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() === s && s.length > 0), (s) => {
        const enc = cipher.encrypt('address', s);
        expect(enc.startsWith('v1:')).toBe(true);
        expect(enc).not.toContain(s.length > 3 ? s : '\u0000never');
        expect(cipher.decrypt('address', enc)).toBe(s.replace(/\s+/g, ' '));
      }),
    );
  });

  it('uses a fresh IV per value: the same plaintext gives different ciphertexts', () => {
    expect(cipher.encrypt('phone', '13812345678')).not.toBe(cipher.encrypt('phone', '13812345678'));
  });

  it('refuses a tampered ciphertext, another field kind, and another key', () => {
    const enc = cipher.encrypt('national_id', '11010519491231002X');
    const buf = Buffer.from(enc.slice(3), 'base64');
    buf[buf.length - 1]! ^= 1;
    expect(() => cipher.decrypt('national_id', `v1:${buf.toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt('phone', enc)).toThrow();
    expect(() => createPiiCipher(randomBytes(32)).decrypt('national_id', enc)).toThrow();
  });

  it('looks up exactly through a keyed hash that ignores formatting, not through the plain value', () => {
    const h = cipher.lookupHash('phone', '138 1234 5678');
    expect(h).toBe(cipher.lookupHash('phone', '+8613812345678'));
    expect(h).not.toBe(cipher.lookupHash('phone', '13812345679'));
    expect(h).not.toBe(createPiiCipher(randomBytes(32)).lookupHash('phone', '13812345678'));
    expect(cipher.lookupHash('national_id', '11010519491231002x')).toBe(cipher.lookupHash('national_id', '11010519491231002X'));
  });
});

describe('masking', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['010-12345678', '010****5678'],
    ['12345', '*2345'],
  ])('phone %s → %s', (a, b) => expect(maskPhone(a)).toBe(b));
  it.each([
    ['11010519491231002X', '110***********002X'],
    ['110105194912310', '110********2310'],
  ])('national id %s → %s', (a, b) => expect(maskNationalId(a)).toBe(b));
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['John Smith', 'J*** S****'],
  ])('name %s → %s', (a, b) => expect(maskName(a)).toBe(b));
  it('email and address', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z*******@example.com');
    expect(mask('address', '朝阳路88号3单元502')).toBe('朝阳路88号****');
  });
  it('a masked phone keeps at most 7 of 11 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (p) => {
        const m = maskPhone(p);
        expect(m).toHaveLength(11);
        expect(m.replace(/\*/g, '')).toHaveLength(7);
      }),
    );
  });
});

describe('secret key', () => {
  it('accepts 64 hex characters or base64 of 32 bytes, nothing else', () => {
    const k = randomBytes(32);
    expect(parseSecretKey(k.toString('hex')).equals(k)).toBe(true);
    expect(parseSecretKey(k.toString('base64')).equals(k)).toBe(true);
    expect(() => parseSecretKey('short')).toThrow(/32 bytes/);
  });
  it('is generated once into the data directory with mode 0600, then reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-key-'));
    const a = resolveSecretKey({ secretKey: undefined, dataDir: dir, allowGenerate: true });
    const b = resolveSecretKey({ secretKey: undefined, dataDir: dir, allowGenerate: true });
    expect(a.equals(b)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
  it('is required where it cannot be generated (PostgreSQL: every process must share it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-key-'));
    expect(() => resolveSecretKey({ secretKey: undefined, dataDir: dir, allowGenerate: false })).toThrow(/CONCORD_SECRET_KEY/);
  });
});
