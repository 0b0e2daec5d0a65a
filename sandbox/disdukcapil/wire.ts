/**
 * The bits of the PostgreSQL wire protocol (v3) the civil-registry stand-in handles itself, in front of PGlite:
 * password authentication of the reader role (PGlite's socket server accepts anyone), refusing it, and reading the
 * client's statements to count them. See https://www.postgresql.org/docs/current/protocol-message-formats.html
 */
import type { HandshakeChannel } from '../kit/tcp-fault-proxy.js';

const PROTOCOL_3_0 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
/** Larger start-up packets are refused (PostgreSQL's own limit is 10,000 bytes). */
const MAX_STARTUP_BYTES = 10_000;

export interface ServerError {
  severity: 'ERROR' | 'FATAL';
  /** SQLSTATE, e.g. 28P01. */
  code: string;
  message: string;
}

/** An ErrorResponse ('E') message. */
export function errorResponse(error: ServerError): Buffer {
  const fields = Buffer.concat([
    field('S', error.severity),
    field('V', error.severity),
    field('C', error.code),
    field('M', error.message),
    Buffer.from([0]),
  ]);
  return typed('E', fields);
}

export const passwordAuthenticationFailed = (user: string): ServerError => ({
  severity: 'FATAL',
  code: '28P01',
  message: `password authentication failed for user "${user}"`,
});

export interface PasswordHandshakeOptions {
  user: string;
  password: string;
  /** True while every login is refused (the stand-in's `deny` fault): the start-up is answered with 28P01 at once. */
  refusing: () => boolean;
}

/**
 * The server side of a cleartext-password start-up: answers SSL/GSSAPI encryption requests with "N" (no TLS here),
 * asks for the password, and lets the start-up message through to PGlite only for the right user and password. A
 * cancel request is passed through (PGlite's socket server ignores it, as it has no backend to signal).
 *
 * Real PostgreSQL would ask for SCRAM-SHA-256; cleartext keeps this stand-in small, and clients answer either.
 */
export function passwordHandshake(options: PasswordHandshakeOptions): (channel: HandshakeChannel) => Promise<Buffer | null> {
  return async (channel) => {
    const reader = new ChannelReader(channel);
    for (;;) {
      const head = await reader.peek(8);
      if (head === null) return null;
      const length = head.readInt32BE(0);
      const code = head.readInt32BE(4);
      if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
        await reader.take(8);
        channel.write(Buffer.from('N'));
        continue;
      }
      if (length === 16 && code === CANCEL_REQUEST) return reader.take(16);
      if (length < 8 || length > MAX_STARTUP_BYTES) return reject(channel, { severity: 'FATAL', code: '08P01', message: 'invalid length of startup packet' });
      if (code !== PROTOCOL_3_0) {
        return reject(channel, { severity: 'FATAL', code: '0A000', message: `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0` });
      }
      const startup = await reader.take(length);
      if (startup === null) return null;
      const user = startupParameters(startup).get('user') ?? '';
      if (options.refusing()) return reject(channel, passwordAuthenticationFailed(user));
      channel.write(authenticationCleartextPassword());
      const answer = await reader.typedMessage();
      if (answer === null) return null;
      const given = answer.type === 'p' ? cString(answer.body, 0).value : null;
      if (user !== options.user || given !== options.password || options.refusing()) return reject(channel, passwordAuthenticationFailed(user));
      return Buffer.concat([startup, reader.rest()]);
    }
  };
}

/**
 * Reads the client's side of a connection as it goes to the server (start-up, then typed messages) and reports the
 * text of every statement: a simple Query ('Q') or a Parse ('P') of the extended protocol.
 */
export function statementReader(onStatement: (sql: string) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (code === PROTOCOL_3_0) started = true;
        continue;
      }
      if (buffered.length < 5) return;
      const end = 1 + buffered.readInt32BE(1);
      if (buffered.length < end) return;
      const type = String.fromCharCode(buffered[0]!);
      const body = buffered.subarray(5, end);
      buffered = buffered.subarray(end);
      if (type === 'Q') onStatement(cString(body, 0).value);
      else if (type === 'P') onStatement(cString(body, cString(body, 0).next).value);
    }
  };
}

function reject(channel: HandshakeChannel, error: ServerError): null {
  channel.write(errorResponse(error));
  return null;
}

function authenticationCleartextPassword(): Buffer {
  const body = Buffer.alloc(4);
  body.writeInt32BE(3, 0);
  return typed('R', body);
}

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code, 'latin1'), Buffer.from(value, 'utf8'), Buffer.from([0])]);
}

function cString(body: Buffer, start: number): { value: string; next: number } {
  const end = body.indexOf(0, start);
  const stop = end === -1 ? body.length : end;
  return { value: body.toString('utf8', start, stop), next: stop + 1 };
}

/** The start-up message's parameters (user, database, options ...). */
function startupParameters(startup: Buffer): Map<string, string> {
  const parameters = new Map<string, string>();
  let at = 8;
  while (at < startup.length && startup[at] !== 0) {
    const name = cString(startup, at);
    const value = cString(startup, name.next);
    parameters.set(name.value, value.value);
    at = value.next;
  }
  return parameters;
}

/** Reassembles a handshake channel's chunks into the byte counts and messages the start-up needs. */
class ChannelReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly channel: HandshakeChannel) {}

  async peek(bytes: number): Promise<Buffer | null> {
    while (this.buffered.length < bytes) {
      const chunk = await this.channel.read();
      if (chunk === null) return null;
      this.buffered = Buffer.concat([this.buffered, chunk]);
    }
    return this.buffered.subarray(0, bytes);
  }

  async take(bytes: number): Promise<Buffer | null> {
    const taken = await this.peek(bytes);
    if (taken === null) return null;
    this.buffered = this.buffered.subarray(bytes);
    return Buffer.from(taken);
  }

  async typedMessage(): Promise<{ type: string; body: Buffer } | null> {
    const head = await this.peek(5);
    if (head === null) return null;
    const length = head.readInt32BE(1);
    if (length < 4 || length > MAX_STARTUP_BYTES) return null;
    const message = await this.take(1 + length);
    if (message === null) return null;
    return { type: String.fromCharCode(message[0]!), body: message.subarray(5) };
  }

  /** What arrived beyond the messages taken. */
  rest(): Buffer {
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    return rest;
  }
}
