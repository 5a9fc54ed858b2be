import { SettingsForm } from '../../components/SettingsForm';

/** Server parameters: lifetimes, CRL validity, the public address devices reach, the CORS origin. */
export function SettingsStep({ onDone }: { onDone(): void }) {
  return <SettingsForm submitLabel="Save and finish" onSaved={onDone} />;
}
