// A minimal SMTP server on loopback for the browser tests: it accepts every message (EHLO,
// MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps it, and lets a test wait for the message to an
// address. Orion sends to it with ORION_SMTP_TLS=none (allowed on loopback only).

import { createServer } from 'node:net';

/** Decodes quoted-printable text (soft line breaks and =XX escapes). */
export function decodeQuotedPrintable(text) {
  const bytes = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The plain-text part of a MIME message, decoded. */
export function textPart(data) {
  const at = data.indexOf('Content-Type: text/plain');
  if (at < 0) return data;
  const rest = data.slice(at);
  const bodyAt = rest.indexOf('\r\n\r\n') + 4;
  const headers = rest.slice(0, bodyAt);
  let body = rest.slice(bodyAt);
  const end = body.indexOf('\r\n--');
  if (end >= 0) body = body.slice(0, end);
  if (/base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(headers)) return decodeQuotedPrintable(body);
  return body;
}

export async function startSmtpSink() {
  const mails = [];
  const server = createServer((sock) => {
    let buffer = '';
    let inData = false;
    let rcpt = [];
    const reply = (line) => sock.write(`${line}\r\n`);
    reply('220 sink.test ESMTP');
    sock.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mails.push({ rcpt, data: buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.') });
          buffer = buffer.slice(end + 5);
          inData = false;
          rcpt = [];
          reply('250 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') { if (verb === 'RSET') rcpt = []; reply('250 ok'); }
        else if (verb === 'RCPT') { rcpt.push((line.match(/<([^>]*)>/) ?? [])[1] ?? ''); reply('250 ok'); }
        else if (verb === 'DATA') { inData = true; reply('354 go ahead'); }
        else if (verb === 'QUIT') { reply('221 bye'); sock.end(); return; }
        else reply('502 not implemented');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    mails,
    /** The first message to `address`, waiting up to `timeoutMs` for it. */
    async waitFor(address, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const m = mails.find((x) => x.rcpt.includes(address));
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no e-mail to ${address} within ${timeoutMs} ms (got: ${mails.map((m) => m.rcpt.join(',')).join(' | ') || 'none'})`);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
