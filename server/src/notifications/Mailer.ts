import nodemailer from 'nodemailer';

/** Connections to the mail server at most (the outbox sends as many mails at once). */
export const MAIL_CONNECTIONS = 4;

/** One e-mail as the outbox hands it over. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** Sends one mail; rejects when the mail server did not take it (the outbox retries then). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Mail through an SMTP server (nodemailer). `smtpUrl` as nodemailer takes it:
 * `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS). A small pool of
 * connections, each reused for many mails: a round opening tells everyone, and a new connection
 * per mail (greeting, TLS, login) costs far more than the mail (bench/notifications.ts). A server
 * that went away fails the send (the outbox retries); the pool connects afresh next time.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: nodemailer.Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: MAIL_CONNECTIONS,
      maxMessages: 100,
      // Fail fast when the server is down: the outbox tries again later.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html === null ? {} : { html: mail.html }),
    });
  }

  close(): void {
    this.transport.close();
  }
}
