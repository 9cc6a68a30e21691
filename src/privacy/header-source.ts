/** Request headers as Hono/fetch (`Headers`) or node:http (`IncomingHttpHeaders`) expose them. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One header's value (repeated headers joined with ", "), or null when absent or empty. */
export function getHeaderValue(headers: HeaderSource, name: string): string | null {
  const lowerName = name.toLowerCase();
  let value: string | null;
  // Duck-typed: servers may hand us their own Headers implementation rather than the global class.
  if (typeof (headers as { get?: unknown }).get === 'function') {
    value = (headers as Headers).get(lowerName);
  } else {
    const entry = Object.entries(headers as Record<string, string | readonly string[] | undefined>).find(([key]) => key.toLowerCase() === lowerName)?.[1];
    // Repeated headers are one comma list (RFC 9110 §5.3), so joining keeps their order.
    value = entry === undefined ? null : typeof entry === 'string' ? entry : entry.join(', ');
  }
  return value === null || value.length === 0 ? null : value;
}
