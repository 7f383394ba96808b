import nodemailer from 'nodemailer';
import type { Logger } from './logger';

/** One email from the hub to a member of staff. */
export type Mail = {
  to: string;
  subject: string;
  text: string;
  /** Stable per message, so a mail system that sees the same reminder twice can tell. */
  messageId: string;
  /** What the log may say about it instead of the address and the text: ids, references, what is due. */
  logSummary: Record<string, unknown>;
};

export type Mailer = {
  /** Resolves once the mail server accepted the mail (or the log has it). */
  send(mail: Mail): Promise<void>;
  readonly kind: 'smtp' | 'log';
  close(): void;
};

/**
 * Mail through nodemailer to SMTP_URL; without one, each mail is written to the
 * log instead, as its summary only (never the address or the text, which is the
 * same rule as any log line: no personal data).
 */
export function createMailer(opts: { smtpUrl?: string; from: string; log: Logger }): Mailer {
  const log = opts.log.child({ component: 'mail' });
  if (!opts.smtpUrl) {
    return {
      kind: 'log',
      send: async (mail) => log.info({ ...mail.logSummary, messageId: mail.messageId }, 'mail not sent (no SMTP_URL): written here instead'),
      close: () => undefined,
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    kind: 'smtp',
    send: async (mail) => {
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
      log.info({ ...mail.logSummary, messageId: mail.messageId }, 'mail sent');
    },
    close: () => transport.close(),
  };
}
