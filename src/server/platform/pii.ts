// Personal data at rest (DESIGN §4): AES-256-GCM for national ids, phones, emails and street addresses,
// plus a keyed hash (HMAC-SHA256) for exact lookup without decrypting. Both keys are derived from one
// 32-byte secret with HKDF so that a leaked lookup hash says nothing about the encryption key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type PiiKind = 'national_id' | 'phone' | 'email' | 'address';

export type PiiCipher = {
  encrypt(kind: PiiKind, plain: string): string;
  decrypt(kind: PiiKind, stored: string): string;
  /** Keyed hash of the normalised value, for exact-match lookup. */
  lookupHash(kind: PiiKind, plain: string): string;
  /** Everything a table needs for one value: ciphertext, lookup hash and the masked form. */
  seal(kind: PiiKind, plain: string): { enc: string; hash: string; masked: string };
};

const VERSION = 'v1';

export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('CONCORD_SECRET_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** The key from config, or in embedded mode the one in `<dataDir>/secret.key`, created (0600) on first start. */
export function resolveSecretKey(opts: { secretKey: string | undefined; dataDir: string; allowGenerate: boolean }): Buffer {
  if (opts.secretKey) return parseSecretKey(opts.secretKey);
  const file = path.join(opts.dataDir, 'secret.key');
  if (fs.existsSync(file)) return parseSecretKey(fs.readFileSync(file, 'utf8'));
  if (!opts.allowGenerate) throw new Error('CONCORD_SECRET_KEY is required with PostgreSQL (every process must share one key)');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export function normalise(kind: PiiKind, plain: string): string {
  const s = plain.trim();
  switch (kind) {
    case 'phone': {
      const digits = s.replace(/[\s()-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
      return digits;
    }
    case 'national_id':
      return s.toUpperCase();
    case 'email':
      return s.toLowerCase();
    case 'address':
      return s.replace(/\s+/g, ' ');
  }
}

/**
 * Fresh random IVs, 12 bytes each, cut from a buffer refilled from the CSPRNG: one system call per 4,096 IVs instead
 * of one per field (an import seals several fields a row). Every IV is used once.
 */
function ivSource(): () => Buffer {
  const SIZE = 12 * 4096;
  let pool = randomBytes(SIZE);
  let at = 0;
  return () => {
    if (at + 12 > SIZE) {
      pool = randomBytes(SIZE);
      at = 0;
    }
    const iv = pool.subarray(at, at + 12);
    at += 12;
    return iv;
  };
}

export function createPiiCipher(secret: Buffer): PiiCipher {
  const nextIv = ivSource();
  const encKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'concord pii enc v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'concord pii mac v1', 32));
  const cipher: PiiCipher = {
    encrypt(kind, plain) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      c.setAAD(Buffer.from(kind));
      const ct = Buffer.concat([c.update(normalise(kind, plain), 'utf8'), c.final()]);
      return `${VERSION}:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
    },
    decrypt(kind, stored) {
      const [version, body] = stored.split(':', 2);
      if (version !== VERSION || !body) throw new Error('unknown ciphertext version');
      const buf = Buffer.from(body, 'base64');
      const d = createDecipheriv('aes-256-gcm', encKey, buf.subarray(0, 12));
      d.setAAD(Buffer.from(kind));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
    lookupHash(kind, plain) {
      return createHmac('sha256', macKey).update(`${kind}:${normalise(kind, plain)}`).digest('hex');
    },
    seal(kind, plain) {
      return { enc: cipher.encrypt(kind, plain), hash: cipher.lookupHash(kind, plain), masked: mask(kind, normalise(kind, plain)) };
    },
  };
  return cipher;
}

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** 13812345678 → 138****5678; 010-12345678 → 010****5678. */
export function maskPhone(p: string): string {
  const d = p.replace(/\D/g, '');
  if (d.length <= 4) return stars(d.length);
  if (d.length <= 7) return stars(d.length - 4) + d.slice(-4);
  return d.slice(0, 3) + '****' + d.slice(-4);
}

/** 11010519491231002X → 110***********002X (first 3 and last 4 kept). */
export function maskNationalId(id: string): string {
  const s = id.toUpperCase();
  if (s.length <= 7) return stars(s.length);
  return s.slice(0, 3) + stars(s.length - 7) + s.slice(-4);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*** S****. */
export function maskName(name: string): string {
  const s = name.trim();
  if (/^[\p{Script=Han}·]+$/u.test(s)) return [...s].map((ch, i) => (i === 0 ? ch : '*')).join('');
  return s
    .split(/\s+/)
    .map((w) => (w.length ? w[0] + stars(w.length - 1) : w))
    .join(' ');
}

/** zhangsan@example.com → z*******@example.com */
export function maskEmail(e: string): string {
  const at = e.indexOf('@');
  if (at <= 0) return stars(e.length);
  return e[0] + stars(at - 1) + e.slice(at);
}

/** A street address keeps its first 6 characters: 朝阳路88号3单元502 → 朝阳路88号3****. */
export function maskAddress(a: string): string {
  const chars = [...a];
  return chars.length <= 6 ? stars(chars.length) : chars.slice(0, 6).join('') + '****';
}

export function mask(kind: PiiKind, plain: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(plain);
    case 'national_id':
      return maskNationalId(plain);
    case 'email':
      return maskEmail(plain);
    case 'address':
      return maskAddress(plain);
  }
}
