import nodemailer from 'nodemailer';

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
 * `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS). One connection per
 * mail: mails are few, and a pooled connection would hide a server that went away.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: nodemailer.Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, {
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
