/** Chooses the model for the next message, from the models the server offers. */
import { memo } from 'react';
import type { ReactElement } from 'react';

export interface ModelPickerProps {
  models: readonly { id: string }[];
  value: string | null;
  disabled: boolean;
  onChange: (model: string) => void;
}

export const ModelPicker = memo(function ModelPicker({ models, value, disabled, onChange }: ModelPickerProps): ReactElement {
  return (
    <div className="model-picker">
      <label htmlFor="model-select" className="visually-hidden">
        Model
      </label>
      <select
        id="model-select"
        value={value ?? ''}
        title={value ?? undefined}
        disabled={disabled || models.length === 0}
        onChange={(event) => onChange(event.target.value)}
      >
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.id}
          </option>
        ))}
      </select>
    </div>
  );
});
