/** A model that cannot be fetched, read or run; the message names the model and file, never input text. */
export class ModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
  }
}
