// Email over SMTP (nodemailer). A rejection with a 5xx reply is permanent (a bounce at submit); anything else —
// connection refused, timeouts, 4xx — is transient and retried with backoff.
import nodemailer from 'nodemailer';

export type EmailOut = { messageId: string; from: string; to: string; subject: string; text: string; html: string; unsubscribeUrl: string };
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; permanent: boolean; reason: string };
export type EmailSender = { send(m: EmailOut): Promise<SendResult>; close(): void };

export function createSmtpSender(url: string): EmailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      try {
        const info = await transport.sendMail({
          from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId,
          list: { unsubscribe: m.unsubscribeUrl },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        return { ok: true, providerMessageId: String(info.messageId ?? m.messageId) };
      } catch (e) {
        const err = e as { responseCode?: number; response?: string; message?: string };
        const code = typeof err.responseCode === 'number' ? err.responseCode : null;
        const reason = err.response ?? err.message ?? String(e);
        return { ok: false, permanent: code !== null && code >= 500, reason: code !== null ? `SMTP ${code}: ${reason}` : reason };
      }
    },
    close() {
      transport.close();
    },
  };
}
