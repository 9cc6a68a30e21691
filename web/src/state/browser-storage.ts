/**
 * What the app keeps in this browser: the consent token (with the terms version it was given
 * for), the ids of conversations this token created, and the last chosen model. localStorage can
 * be unavailable (private modes, blocked storage); the app then works for the session only. The
 * theme choice is kept by theme/theme-choice.ts, which the boot script bundles on its own.
 */
import * as z from 'zod/mini';

const consentKey = 'wildchat.consent';
const conversationsKey = 'wildchat.conversations';
const modelKey = 'wildchat.model';

const storedConsentSchema = z.object({ token: z.string(), termsVersion: z.string(), consentedAt: z.string() });
export type StoredConsent = z.infer<typeof storedConsentSchema>;

const storedConversationSchema = z.object({
  id: z.string(),
  title: z.nullable(z.string()),
  updatedAt: z.string(),
});
export type StoredConversation = z.infer<typeof storedConversationSchema>;
const storedConversationListSchema = z.array(storedConversationSchema);

const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return globalThis.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage.removeItem(key);
    else globalThis.localStorage.setItem(key, value);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
}

function readJson<T>(key: string, schema: z.ZodMiniType<T>): T | null {
  const text = read(key);
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function loadConsent(): StoredConsent | null {
  return readJson(consentKey, storedConsentSchema);
}

export function saveConsent(consent: StoredConsent): void {
  write(consentKey, JSON.stringify(consent));
}

/** Forgets the token and everything tied to it (after "delete my data", a 401, or new terms). */
export function clearConsent(): void {
  write(consentKey, null);
  write(conversationsKey, null);
}

export function loadLocalConversations(): StoredConversation[] {
  return readJson(conversationsKey, storedConversationListSchema) ?? [];
}

export function saveLocalConversations(conversations: readonly StoredConversation[]): void {
  write(conversationsKey, JSON.stringify(conversations));
}

export function loadModelChoice(): string | null {
  return read(modelKey);
}

export function saveModelChoice(model: string): void {
  write(modelKey, model);
}
