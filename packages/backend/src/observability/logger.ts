import pino from 'pino';

/**
 * Structured JSON logs. Request handlers log with the request id, tenant and region
 * bound; nothing that could carry a secret (tokens, keys, passwords) is ever passed in.
 */
export const logger = pino({
  base: { service: 'cloudpc' },
  level: 'info',
  redact: { paths: ['*.authorization', '*.password', '*.token', '*.key', '*.ticket'], censor: '[redacted]' },
});

export type Logger = typeof logger;
