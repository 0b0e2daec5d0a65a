/**
 * Structured logs (pino, one JSON object per line). Every request logs through a child carrying its `requestId`.
 * Personal data never goes into a log line: log ids and codes, not names, NIKs or phone numbers.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'sepucuk' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Belt and braces: these keys must never reach a log even if a caller passes a whole object.
    redact: {
      paths: ['*.authorization', '*.password', '*.nik', '*.noHp', '*.phone', '*.token', '*.holderToken'],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
