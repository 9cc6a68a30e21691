/** A job failure the operator can fix (missing dataset, existing output folder...); the CLI prints it without a stack trace. */
export class JobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobError';
  }
}
