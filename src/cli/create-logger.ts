import { pino, type Logger } from 'pino';

/**
 * JSON logs to stderr (stdout stays free for command output). Authorization headers and keys are
 * censored wherever they appear, as a second line of defence: code must not log them at all.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      name: 'wildchat',
      level,
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'request.headers.authorization',
          '*.authorization',
          'apiKey',
          'upstreamKey',
          '*.apiKey',
          '*.upstreamKey',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
