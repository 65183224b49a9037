// A test SMSC on the `smpp` package's server mode, for the messaging tests and bench:sms: it binds transceivers
// (optionally checking the credentials), records every submit_sm with its text decoded (UCS-2 / IA5), answers with
// a message id unless told to hold the answer, counts binds and unbinds, and keeps the last bound session so a
// test can send delivery receipts and mobile-originated messages back.
import type { AddressInfo } from 'node:net';
import * as smpp from 'smpp';
import type { PDU, Session } from 'smpp';

export type Submitted = { to: string; dataCoding: number; esmClass: number; udh: Buffer[]; text: string; messageId: string };

export type SmscOptions = {
  /** Refuse a bind with other credentials. */
  credentials?: { systemId: string; password: string };
  /** Hold back the response to the n-th submit (1-based) — a provider that took the message and never said so. */
  hold?: (n: number) => boolean;
  onSubmit?: (n: number, s: Submitted) => void;
};

export function startSmsc(opts: SmscOptions = {}) {
  const received: Submitted[] = [];
  let binds = 0;
  let unbinds = 0;
  let seq = 0;
  let session: Session | null = null;
  const server = smpp.createServer({}, (s) => {
    s.on('bind_transceiver', (pdu: PDU) => {
      const c = opts.credentials;
      if (c && (pdu.system_id !== c.systemId || pdu.password !== c.password)) {
        s.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        return;
      }
      binds += 1;
      session = s;
      s.send(pdu.response());
    });
    s.on('submit_sm', (pdu: PDU) => {
      const sm = pdu.short_message as { udh?: Buffer[]; message: string };
      const messageId = `smsc-${++seq}`;
      const sub: Submitted = { to: String(pdu.destination_addr), dataCoding: pdu.data_coding as number, esmClass: pdu.esm_class as number, udh: sm.udh ?? [], text: sm.message, messageId };
      received.push(sub);
      if (!opts.hold?.(received.length)) s.send(pdu.response({ message_id: messageId }));
      opts.onSubmit?.(received.length, sub);
    });
    s.on('enquire_link', (pdu: PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: PDU) => {
      unbinds += 1;
      s.send(pdu.response());
      s.close();
    });
    s.on('error', () => undefined);
  });
  return {
    server,
    received,
    binds: () => binds,
    unbinds: () => unbinds,
    /** The last bound session (to send deliver_sm back). */
    session: () => session,
    /** Listens on a free local port; returns the CONCORD_SMPP_URL for it. */
    async listen(user = 'concord', password = 'secret'): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `smpp://${user}:${password}@127.0.0.1:${(server.address() as AddressInfo).port}?source=10690000`;
    },
    async close(): Promise<void> {
      for (const s of server.sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Smsc = ReturnType<typeof startSmsc>;
