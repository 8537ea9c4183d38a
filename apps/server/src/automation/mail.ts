/**
 * Mail of rule actions: nodemailer over SMTP when SMTP_URL is set; without it, the built-in outbox
 * (platform.mail_outbox, status 'stored', shown by the API's mailOutbox) so nothing is silently dropped.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailSettings {
  /** smtp://user:pass@host:port (smtps:// for TLS from the start); undefined: the built-in outbox. */
  smtpUrl?: string;
  from: string;
}

export interface Mailer {
  /** Sends, or returns undefined when mail goes to the outbox only. */
  send(m: { to: string; subject: string; text: string }): Promise<{ messageId: string } | undefined>;
  close(): void;
}

export function createMailer(settings: MailSettings, timeoutMs: number): Mailer {
  if (!settings.smtpUrl) return { send: async () => undefined, close: () => undefined };
  const url = new URL(settings.smtpUrl);
  const transport: Transporter = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ignoreTLS: url.searchParams.get('tls') === 'off',
  });
  return {
    send: async (m) => {
      const info = (await transport.sendMail({ from: settings.from, to: m.to, subject: m.subject, text: m.text })) as { messageId: string };
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
