/** System, light or dark: a radio group (arrow keys move the choice), applied at once and kept in this browser. */
import { memo, useState } from 'react';
import type { ReactElement } from 'react';
import { applyThemeChoice, currentThemeChoice, saveThemeChoice, themeChoices } from '../theme/theme-choice.ts';
import type { ThemeChoice } from '../theme/theme-choice.ts';
import './theme-picker.css';

const labels: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export const ThemePicker = memo(function ThemePicker(): ReactElement {
  const [choice, setChoice] = useState<ThemeChoice>(currentThemeChoice);
  const choose = (next: ThemeChoice): void => {
    setChoice(next);
    saveThemeChoice(next);
    applyThemeChoice(next);
  };
  return (
    <fieldset className="theme-picker">
      <legend>Theme</legend>
      <div className="theme-options">
        {themeChoices.map((option) => (
          <span key={option} className="theme-option">
            <input id={`theme-${option}`} type="radio" name="theme" value={option} checked={option === choice} onChange={() => choose(option)} />
            <label htmlFor={`theme-${option}`}>{labels[option]}</label>
          </span>
        ))}
      </div>
    </fieldset>
  );
});
