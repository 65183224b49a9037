// SMS over SMPP 3.4 (the `smpp` package). One transceiver session per process, bound lazily on the first send,
// kept alive with enquire_link and re-bound with backoff when the link drops. submit_sm carries UCS-2 (data_coding 8)
// for text outside the GSM/ASCII set, otherwise IA5/ASCII (data_coding 1); long texts are split into UDH-concatenated
// parts (67 UCS-2 / 153 GSM characters each; single parts hold 70 / 160). Delivery receipts and mobile-originated
// messages arrive as deliver_sm and are handed to the caller's handlers (the messaging service writes them).
import { randomInt } from 'node:crypto';
import * as smpp from 'smpp';
import type { PDU, Session } from 'smpp';
import type { SendResult } from './messaging.smtp.js';

export const DC_IA5 = 1;
export const DC_UCS2 = 8;
const ESM_UDHI = 0x40;
const ESM_RECEIPT = 0x04;
/** command_status OK. Not `smpp.ESME_ROK`: run from `bin/concord.mjs` (tsx loader) the CJS module's named constants are not exported to ESM. */
const ESME_ROK = 0;

// --- encoding and splitting (pure)

const GSM_BASIC = /^[A-Za-z0-9 \n\r@$!"#%&'()*+,\-./:;<=>?_]*$/;
const GSM_EXT = /^[{}[\]~\\^|]$/;

/** GSM-compatible ASCII text goes as IA5 (1 octet a character); anything else (Chinese, emoji, `) as UCS-2. */
export function isGsmText(text: string): boolean {
  return [...text].every((ch) => GSM_BASIC.test(ch) || GSM_EXT.test(ch));
}

export type SmsPart = { dataCoding: number; udh: Buffer | null; payload: Buffer };

function ucs2(s: string): Buffer {
  const b = Buffer.from(s, 'utf16le');
  return b.swap16();
}

/** Split into parts: one part if it fits (70 UCS-2 units / 160 septets), else 67 / 153 per part, each with a UDH. */
export function splitSms(text: string, ref = randomInt(0, 256)): SmsPart[] {
  const gsm = isGsmText(text);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  // A unit is a GSM septet count (extended characters take two) or a UTF-16 code unit (surrogate pairs kept whole).
  const chars = [...text];
  const cost = (ch: string) => (gsm ? (GSM_EXT.test(ch) ? 2 : 1) : ch.length);
  const total = chars.reduce((n, ch) => n + cost(ch), 0);
  const enc = (s: string) => (gsm ? Buffer.from(s, 'latin1') : ucs2(s));
  const dataCoding = gsm ? DC_IA5 : DC_UCS2;
  if (total <= single) return [{ dataCoding, udh: null, payload: enc(text) }];
  const chunks: string[] = [];
  let cur = '';
  let used = 0;
  for (const ch of chars) {
    if (used + cost(ch) > multi) {
      chunks.push(cur);
      cur = '';
      used = 0;
    }
    cur += ch;
    used += cost(ch);
  }
  if (cur) chunks.push(cur);
  if (chunks.length > 255) throw new Error('the SMS is too long');
  return chunks.map((c, i) => ({ dataCoding, udh: Buffer.from([0x05, 0x00, 0x03, ref & 0xff, chunks.length, i + 1]), payload: enc(c) }));
}

/** Decode a deliver_sm short_message (as the `smpp` package hands it over) to text. */
export function decodeText(pdu: PDU): string {
  const sm = pdu.short_message as { message?: unknown } | Buffer | string | undefined;
  const payload = pdu.message_payload as { message?: unknown } | Buffer | string | undefined;
  const v = (sm && (Buffer.isBuffer(sm) ? sm.length : typeof sm === 'string' ? sm.length : sm.message)) ? sm : payload;
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return ((pdu.data_coding as number) & 0x0f) === DC_UCS2 ? Buffer.from(v).swap16().toString('utf16le') : v.toString('latin1');
  const m = v.message;
  if (typeof m === 'string') return m;
  if (Buffer.isBuffer(m)) return m.toString('latin1');
  return '';
}

export type Receipt = { providerMessageId: string; stat: string; delivered: boolean; final: boolean };

const FINAL_FAILED = new Set(['UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED']);
const STATE_NAMES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };

/** A delivery receipt: the TLVs (receipted_message_id, message_state) when present, else the text `id:… stat:…`. */
export function parseReceipt(pdu: PDU, text: string): Receipt | null {
  const idTlv = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id.replace(/\0+$/, '') : '';
  const stateTlv = typeof pdu.message_state === 'number' ? STATE_NAMES[pdu.message_state] : undefined;
  const id = idTlv || /\bid:(\S+)/i.exec(text)?.[1] || '';
  const stat = (stateTlv ?? /\bstat:(\w+)/i.exec(text)?.[1] ?? '').toUpperCase();
  if (!id || !stat) return null;
  return { providerMessageId: id, stat, delivered: stat === 'DELIVRD', final: stat === 'DELIVRD' || FINAL_FAILED.has(stat) };
}

export const isReceipt = (pdu: PDU) => (((pdu.esm_class as number | undefined) ?? 0) & 0x3c) === ESM_RECEIPT;

const OPT_OUT = new Set(['TD', '退订', 'T', 'STOP', 'UNSUBSCRIBE']);
/** An opt-out keyword: the whole reply, trimmed, case-insensitive. */
export const isOptOutKeyword = (text: string) => OPT_OUT.has(text.trim().toUpperCase());

// --- the session

export type SmppConfig = { host: string; port: number; systemId: string; password: string; sourceAddr: string };

export function parseSmppUrl(url: string): SmppConfig {
  const u = new URL(url);
  if (u.protocol !== 'smpp:') throw new Error(`CONCORD_SMPP_URL must be smpp://user:pass@host:port, got ${u.protocol}`);
  return {
    host: u.hostname, port: u.port ? Number(u.port) : 2775, systemId: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
    sourceAddr: u.searchParams.get('source') ?? '',
  };
}

export type SmppHandlers = {
  receipt(r: Receipt): Promise<void>;
  inbound(m: { from: string; to: string; text: string }): Promise<void>;
  error(message: string, e?: unknown): void;
};
export type SmppClient = { submit(to: string, text: string): Promise<SendResult & { partIds?: string[] }>; close(): Promise<void> };

export type SmppOptions = { enquireLinkMs?: number; responseTimeoutMs?: number; maxBackoffMs?: number };

/** A lazily bound transceiver. `submit` binds when needed; a dropped link is re-bound with backoff (for receipts/MO). */
export function createSmppClient(cfg: SmppConfig, handlers: SmppHandlers, opts: SmppOptions = {}): SmppClient {
  const enquireMs = opts.enquireLinkMs ?? 30_000;
  const timeoutMs = opts.responseTimeoutMs ?? 15_000;
  const maxBackoff = opts.maxBackoffMs ?? 60_000;
  let bound: Promise<Session> | null = null;
  let closed = false;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;

  function request(s: Session, command: 'submit_sm' | 'bind_transceiver' | 'enquire_link', fields: Record<string, unknown>): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${command}_resp within ${timeoutMs} ms`)), timeoutMs);
      const onClose = () => {
        clearTimeout(timer);
        reject(new Error(`the SMPP link closed before ${command}_resp`));
      };
      s.once('close', onClose);
      const sent = s[command](fields, (pdu) => {
        clearTimeout(timer);
        s.off('close', onClose);
        resolve(pdu);
      });
      if (!sent) {
        clearTimeout(timer);
        s.off('close', onClose);
        reject(new Error('the SMPP link is not writable'));
      }
    });
  }

  function scheduleReconnect() {
    if (closed || reconnectTimer) return;
    const delay = Math.min(maxBackoff, 500 * 2 ** Math.min(failures, 10));
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      session().catch((e: unknown) => handlers.error('SMPP re-bind failed', e));
    }, delay);
    reconnectTimer.unref();
  }

  function onDeliver(s: Session, pdu: PDU) {
    s.send(pdu.response());
    const text = decodeText(pdu);
    const work = isReceipt(pdu)
      ? (() => {
        const r = parseReceipt(pdu, text);
        return r ? handlers.receipt(r) : Promise.resolve(handlers.error(`unparseable delivery receipt: ${text.slice(0, 200)}`));
      })()
      : handlers.inbound({ from: String(pdu.source_addr ?? ''), to: String(pdu.destination_addr ?? ''), text });
    work.catch((e: unknown) => handlers.error('handling deliver_sm failed', e));
  }

  function open(): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const s = smpp.connect({ host: cfg.host, port: cfg.port });
      let ready = false;
      let keepAlive: NodeJS.Timeout | null = null;
      s.socket.unref(); // never hold a process open: the worker's own loop keeps it alive
      s.socket.setNoDelay(true);
      s.setMaxListeners(0); // a window of submit_sm outstanding: each waits on `close`
      s.on('error', (e: Error) => {
        if (!ready) reject(e);
        else handlers.error('SMPP link error', e);
      });
      s.on('close', () => {
        if (keepAlive) clearInterval(keepAlive);
        if (!ready) {
          reject(new Error('the SMPP link closed while binding'));
          return;
        }
        bound = null;
        failures += 1;
        scheduleReconnect();
      });
      s.on('deliver_sm', (pdu: PDU) => onDeliver(s, pdu));
      s.on('enquire_link', (pdu: PDU) => s.send(pdu.response()));
      s.on('unbind', (pdu: PDU) => {
        s.send(pdu.response());
        s.close();
      });
      s.once('connect', () => {
        request(s, 'bind_transceiver', { system_id: cfg.systemId, password: cfg.password, interface_version: 0x34 }).then((pdu) => {
          if (pdu.command_status !== ESME_ROK) {
            s.destroy();
            reject(new Error(`SMPP bind refused (status ${pdu.command_status})`));
            return;
          }
          ready = true;
          failures = 0;
          keepAlive = setInterval(() => {
            request(s, 'enquire_link', {}).catch(() => s.destroy()); // no answer: drop the link, the close handler re-binds
          }, enquireMs);
          keepAlive.unref();
          resolve(s);
        }, (e: unknown) => {
          s.destroy();
          reject(e instanceof Error ? e : new Error(String(e)));
        });
      });
    });
  }

  function session(): Promise<Session> {
    if (closed) return Promise.reject(new Error('the SMPP client is closed'));
    if (!bound) {
      const p = open();
      bound = p;
      p.catch(() => {
        if (bound === p) bound = null;
        failures += 1;
      });
    }
    return bound;
  }

  return {
    async submit(to, text) {
      let s: Session;
      try {
        s = await session();
      } catch (e) {
        return { ok: false, permanent: false, reason: `SMPP bind: ${e instanceof Error ? e.message : String(e)}` };
      }
      const parts = splitSms(text);
      const ids: string[] = [];
      for (const part of parts) {
        // A lost link or a missing response after the write leaves the outcome unknown: throw, so the row stays
        // `sending` and the reconciler turns it into `unknown` instead of a blind resend.
        const resp = await request(s, 'submit_sm', {
          source_addr_ton: 5, source_addr_npi: 0, source_addr: cfg.sourceAddr, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: to,
          esm_class: part.udh ? ESM_UDHI : 0, data_coding: part.dataCoding, registered_delivery: 0x01,
          short_message: part.udh ? Buffer.concat([part.udh, part.payload]) : part.payload,
        });
        if (resp.command_status !== ESME_ROK) {
          const reason = `SMPP submit_sm status 0x${resp.command_status.toString(16)}${ids.length ? ` after ${ids.length} of ${parts.length} parts` : ''}`;
          // Nothing accepted yet: throttling (0x58) and queue full (0x14) are worth a retry; once a part is accepted, a
          // retry would repeat it — fail instead.
          const transient = ids.length === 0 && (resp.command_status === 0x58 || resp.command_status === 0x14);
          return { ok: false, permanent: !transient, reason };
        }
        ids.push(String(resp.message_id ?? ''));
      }
      return { ok: true, providerMessageId: ids.join(' '), partIds: ids };
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const p = bound;
      bound = null;
      if (!p) return;
      const s = await p.catch(() => null);
      if (!s) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => s.destroy(() => resolve()), 1000);
        t.unref();
        s.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        if (!s.unbind({}, () => s.close())) s.destroy();
      });
    },
  };
}
