/**
 * Runs as a blocking classic script at the top of <head> (web/vite.config.ts bundles it and adds
 * the tag), so the stored theme is on <html> before anything paints: no flash of the other theme,
 * and no inline script for the strict CSP to allow.
 */
import { applyThemeChoice, followSystemTheme, loadThemeChoice } from './theme-choice.ts';

applyThemeChoice(loadThemeChoice());
followSystemTheme();
