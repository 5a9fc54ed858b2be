import { Button, NumberInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useSubmit } from '../api/useSubmit';
import type { Settings } from '../api/types';
import { useSession } from '../session/Session';
import { ErrorAlert } from './Common';

const FIELDS = ['deviceLifetimeDays', 'userLifetimeDays', 'crlLifetimeMinutes', 'publicUrl', 'corsOrigin'];

/** The server settings form, for the wizard and the settings page; read only for auditors. */
export function SettingsForm({ initial, submitLabel, onSaved }: {
  initial?: Settings;
  submitLabel: string;
  onSaved(saved: Settings): void;
}) {
  const { api, canChange } = useSession();
  const [values, setValues] = useState<Settings>(initial ?? {
    deviceLifetimeDays: 365, userLifetimeDays: 730, crlLifetimeMinutes: 60, corsOrigin: '',
    publicUrl: window.location.origin,
  });
  const { errors, busy, submit: run } = useSubmit(FIELDS);

  useEffect(() => {
    if (initial) setValues(initial);
  }, [initial]);

  const number = (name: keyof Settings) => ({
    value: values[name] as number,
    onChange: (v: number | string) => setValues((s) => ({ ...s, [name]: typeof v === 'number' ? v : Number(v) })),
    error: errors.fields[name],
    readOnly: !canChange,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onSaved(await api.post<Settings>('/api/setup/settings', values)));
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack mt="md" maw={560}>
        <NumberInput label="Device certificate lifetime (days)" min={1} required {...number('deviceLifetimeDays')} />
        <NumberInput label="Account certificate lifetime (days)" min={1} required {...number('userLifetimeDays')} />
        <NumberInput label="CRL validity (minutes)" min={1} required {...number('crlLifetimeMinutes')} />
        <TextInput label="Public URL (where devices reach this server)" placeholder="https://jams.example.org"
          description="Device certificates issued afterwards name its OCSP responder and CRL."
          value={values.publicUrl} readOnly={!canChange} error={errors.fields.publicUrl}
          onChange={(e) => { const v = e.currentTarget.value; setValues((s) => ({ ...s, publicUrl: v })); }} />
        <TextInput label="CORS origin (optional)" placeholder="https://admin.example.org" value={values.corsOrigin}
          readOnly={!canChange} error={errors.fields.corsOrigin}
          onChange={(e) => { const v = e.currentTarget.value; setValues((s) => ({ ...s, corsOrigin: v })); }} />
        <ErrorAlert error={errors.general} />
        {canChange && <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>{submitLabel}</Button>}
      </Stack>
    </form>
  );
}
