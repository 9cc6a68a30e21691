/** Shows the length limit once a message gets close to it, and by how much it is over. */
import type { ReactElement } from 'react';

export function LengthHint({ length, max, id }: { length: number; max: number; id?: string }): ReactElement | null {
  if (length < max * 0.8) return null;
  const over = length - max;
  return (
    <p id={id} className={over > 0 ? 'length-hint over' : 'length-hint'} role={over > 0 ? 'alert' : undefined}>
      {over > 0
        ? `Message too long: ${length.toLocaleString('en')} / ${max.toLocaleString('en')} characters (remove ${over.toLocaleString('en')}).`
        : `${length.toLocaleString('en')} / ${max.toLocaleString('en')} characters`}
    </p>
  );
}
