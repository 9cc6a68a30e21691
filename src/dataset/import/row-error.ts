import type { z } from 'zod';

/** A row that cannot be imported. The reason names fields and types, never row content. */
export class RowError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RowError';
  }
}

/** A zod failure as a content-free reason: "conversation.3.content: expected string". */
export function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length === 0 ? 'row' : issue.path.map(String).join('.');
      const expected = 'expected' in issue && typeof issue.expected === 'string' ? `expected ${issue.expected}` : issue.code;
      return `${where}: ${expected}`;
    })
    .join('; ');
}
