/** Inline SVG icons (no icon font or CDN: the page must work on a closed network). */
import type { ReactElement } from 'react';

const paths = {
  send: 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z',
  stop: 'M7 7h10v10H7z',
  copy: 'M9 9h10v12H9zM5 15H4V3h12v1',
  check: 'm5 12 5 5 9-11',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  regenerate: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  plus: 'M12 5v14M5 12h14',
  menu: 'M4 6h16M4 12h16M4 18h16',
  close: 'M6 6l12 12M18 6 6 18',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  chevronLeft: 'm15 5-7 7 7 7',
  chevronRight: 'm9 5 7 7-7 7',
  shield: 'M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z',
  download: 'M12 4v11m-5-5 5 5 5-5M5 20h14',
  warning: 'M12 4 2 20h20zM12 10v4M12 17v.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }): ReactElement {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} fill={name === 'send' || name === 'stop' ? 'currentColor' : 'none'} />
    </svg>
  );
}
