/**
 * Texts (repeated prompts, top-N lists) are shown only when at least k distinct users sent them,
 * as WildChat's own analyses of common prompts required: a text one person typed can identify
 * them; a text ten people typed is a pattern. Without users in the source nothing is shown.
 */
export const DEFAULT_PRIVACY_K = 10;

export interface GatedText {
  users: number;
}

export function passesPrivacyGate(item: GatedText, k: number): boolean {
  return Number.isFinite(item.users) && item.users >= Math.max(1, k);
}

export function privacyGate<T extends GatedText>(items: readonly T[], k: number): T[] {
  return items.filter((item) => passesPrivacyGate(item, k));
}
