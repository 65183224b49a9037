// A test SMTP server on the `smtp-server` package, for the messaging and plan-agreement tests: it accepts every mail
// (optionally refusing recipients with a permanent 550), records each with its envelope and raw text, and listens on
// a free local port whose CONCORD_SMTP_URL it returns.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; raw: string };

export function startSmtp(opts: { refuse?: (address: string) => boolean } = {}) {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.(address.address)) {
        const e = new Error('5.1.1 No such user') as Error & { responseCode: number };
        e.responseCode = 550;
        cb(e);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  return {
    inbox,
    /** Mails addressed to `address`. */
    to: (address: string) => inbox.filter((m) => m.to.includes(address)),
    /** Listens on a free local port; returns the CONCORD_SMTP_URL for it. */
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TestSmtp = ReturnType<typeof startSmtp>;
