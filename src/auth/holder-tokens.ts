/**
 * The secret a ticket's taker holds to cancel it. It is an HMAC of the ticket id, so nothing is stored: a retried
 * takeTicket can hand the same token out again, every hub instance can check it, and a guessed ticket id is useless
 * without the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class HolderTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', 'sepucuk/ticket-holder').update(secret).digest();
  }

  issue(ticketId: string): string {
    return createHmac('sha256', this.key).update(ticketId).digest('base64url');
  }

  verify(ticketId: string, token: string): boolean {
    const expected = Buffer.from(this.issue(ticketId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
