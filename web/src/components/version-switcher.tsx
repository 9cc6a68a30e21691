/** "‹ 2 / 3 ›": moves between the versions (branches) of a turn, as chat-ui does. */
import { memo } from 'react';
import type { ReactElement } from 'react';
import { Icon } from './icons.tsx';

export interface VersionSwitcherProps {
  index: number;
  count: number;
  previousId: number | null;
  nextId: number | null;
  disabled: boolean;
  onChoose: (turnIdentifier: number) => void;
}

export const VersionSwitcher = memo(function VersionSwitcher(props: VersionSwitcherProps): ReactElement | null {
  const { index, count, previousId, nextId, disabled, onChoose } = props;
  if (count < 2) return null;
  return (
    <div className="version-switcher" role="group" aria-label="Versions of this message">
      <button
        type="button"
        className="icon-button"
        aria-label="Previous version"
        disabled={disabled || previousId === null}
        onClick={() => previousId !== null && onChoose(previousId)}
      >
        <Icon name="chevronLeft" size={16} />
      </button>
      <span className="version-label" aria-live="polite">
        {index} / {count}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Next version"
        disabled={disabled || nextId === null}
        onClick={() => nextId !== null && onChoose(nextId)}
      >
        <Icon name="chevronRight" size={16} />
      </button>
    </div>
  );
});
