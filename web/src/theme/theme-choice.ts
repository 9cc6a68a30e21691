/**
 * The colour theme: the user's choice (system, light or dark), kept in this browser, and the theme
 * it gives, written to <html data-theme>. The boot script bundles this file on its own to run
 * before first paint, so it imports nothing. The choice itself also lives on <html>
 * (data-theme-choice): the boot script and the app are separate bundles and that attribute is the
 * one copy both read, even when localStorage is blocked.
 */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];
export type Theme = 'light' | 'dark';

const storageKey = 'wildchat.theme';
const darkQuery = '(prefers-color-scheme: dark)';

function parseThemeChoice(value: string | null | undefined): ThemeChoice | null {
  return value === 'system' || value === 'light' || value === 'dark' ? value : null;
}

export function loadThemeChoice(): ThemeChoice {
  try {
    return parseThemeChoice(globalThis.localStorage.getItem(storageKey)) ?? 'system';
  } catch {
    return 'system';
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage.removeItem(storageKey);
    else globalThis.localStorage.setItem(storageKey, choice);
  } catch {
    // Storage blocked (private modes): the choice holds for this page only.
  }
}

/** The choice in effect on this page. */
export function currentThemeChoice(): ThemeChoice {
  return parseThemeChoice(document.documentElement.dataset.themeChoice) ?? loadThemeChoice();
}

export function themeFor(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  root.dataset.theme = themeFor(choice, globalThis.matchMedia(darkQuery).matches);
}

/** Keeps "system" in step when the OS switches between light and dark while the page is open. */
export function followSystemTheme(): void {
  globalThis.matchMedia(darkQuery).addEventListener('change', () => applyThemeChoice(currentThemeChoice()));
}
