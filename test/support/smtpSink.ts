import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as a local SMTP server received it. */
export interface SunkMail {
  /** `performance.timeOrigin + performance.now()` when its DATA ended (before the 250 answer). */
  at: number;
  from: string;
  to: string[];
  /** The decoded Subject header. */
  subject: string;
  /** The text/plain part, decoded (quoted-printable or base64). */
  text: string;
}

export interface SmtpSink {
  port: number;
  /** Stops listening and waits for open connections to end. */
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package; `port` 0: a free one), no TLS, no
 * authentication, no reverse DNS, that hands every message it accepts to `onMail`. Note that
 * `smtp-server` greets each connection only after 100 ms (its wait for early talkers). Lives here so the benchmarks
 * (which include test/support) resolve `smtp-server` from the test package.
 */
export async function startSmtpSink(port: number, onMail: (mail: SunkMail) => void): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No reverse DNS of 127.0.0.1 (through this machine's resolver: ~40 ms per connection).
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const at = performance.timeOrigin + performance.now();
        onMail({
          at,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parseMessage(Buffer.concat(chunks).toString('latin1')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME: the decoded Subject and the text/plain part. */
export function parseMessage(raw: string): { subject: string; text: string } {
  const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded.split('\r\n\r\n')[0] ?? '')?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(qpBytes(data.replace(/_/g, ' ')), 'latin1').toString('utf8'),
    );
  const textPart = /Content-Type: text\/plain[^\r]*\r\n((?:[^\r]+\r\n)*)\r\n([\s\S]*?)(?:\r\n--|$)/i.exec(raw);
  const headers = textPart?.[1] ?? '';
  const body = textPart?.[2] ?? '';
  const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(headers)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(qpBytes(body.replace(/=\r\n/g, '')), 'latin1').toString('utf8')
        : Buffer.from(body, 'latin1').toString('utf8');
  return { subject, text };
}

const qpBytes = (s: string) =>
  s.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
