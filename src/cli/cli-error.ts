import { SettingError } from '../settings/resolve-settings.ts';
import { IpKeyFileError } from '../privacy/ip-key-store.ts';
import { JobError } from '../jobs/job-error.ts';

/** A failure the operator can fix (bad setting, unreachable upstream...); printed without a stack trace. */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Prints the error for a human and returns the exit code. */
export function reportCliError(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  if (error instanceof CliError || error instanceof SettingError || error instanceof JobError || error instanceof IpKeyFileError) {
    write(`wildchat: ${error.message}\n`);
    return error instanceof SettingError ? 2 : 1;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`wildchat: unexpected error: ${detail}\n`);
  return 1;
}
