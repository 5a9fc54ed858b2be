import { Button, NumberInput, PasswordInput, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useSubmit } from '../../api/useSubmit';
import type { CaDetails } from '../../api/types';
import { CaDetailsCard } from '../../components/CaDetailsCard';
import { ErrorAlert } from '../../components/Common';
import { useSession } from '../../session/Session';

const FIELDS = ['commonName', 'validityDays', 'certificate', 'privateKey', 'passphrase'];

/** Generates the organisation CA or imports one, then shows its certificate's details back. */
export function CaStep({ existing, onDone }: { existing: boolean; onDone(): void }) {
  const { api } = useSession();
  const [mode, setMode] = useState<'generate' | 'import'>('generate');
  const [commonName, setCommonName] = useState('');
  const [validityDays, setValidityDays] = useState<number | string>(3650);
  const [certificate, setCertificate] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const { errors, busy, submit: run } = useSubmit(FIELDS, { ca_exists: 'commonName' });
  const [ca, setCa] = useState<CaDetails>();

  useEffect(() => {
    if (existing) api.get<CaDetails>('/api/setup/ca').then(setCa, () => {});
  }, [existing, api]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = mode === 'generate'
      ? { mode, commonName, validityDays }
      : { mode, certificate, privateKey, passphrase: passphrase || undefined };
    await run(async () => setCa(await api.post<CaDetails>('/api/setup/ca', body)));
  }

  if (ca) {
    return (
      <Stack mt="md">
        <CaDetailsCard ca={ca} />
        <Button onClick={onDone} style={{ alignSelf: 'flex-start' }}>Continue</Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack mt="md">
        <Text size="sm">The organisation CA certifies every person's Jami account. Its private key never leaves the server.</Text>
        <SegmentedControl value={mode} onChange={(v) => setMode(v as 'generate' | 'import')} aria-label="CA origin"
          data={[{ value: 'generate', label: 'Generate a new CA' }, { value: 'import', label: 'Import an existing CA' }]} />
        {mode === 'generate' ? (
          <>
            <TextInput label="Common name" placeholder="Example Org CA" required value={commonName}
              onChange={(e) => setCommonName(e.currentTarget.value)} error={errors.fields.commonName} />
            <NumberInput label="Validity (days)" min={1} required value={validityDays} onChange={setValidityDays}
              error={errors.fields.validityDays} />
          </>
        ) : (
          <>
            <Textarea label="Certificate (PEM)" required autosize minRows={4} maxRows={10} value={certificate}
              onChange={(e) => setCertificate(e.currentTarget.value)} error={errors.fields.certificate}
              styles={{ input: { fontFamily: 'monospace' } }} />
            <Textarea label="Private key (PEM)" required autosize minRows={4} maxRows={10} value={privateKey}
              onChange={(e) => setPrivateKey(e.currentTarget.value)} error={errors.fields.privateKey}
              styles={{ input: { fontFamily: 'monospace' } }} />
            <PasswordInput label="Key passphrase (if the key is encrypted)" value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)} error={errors.fields.passphrase} />
          </>
        )}
        <ErrorAlert error={errors.general} />
        <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
          {mode === 'generate' ? 'Generate CA' : 'Import CA'}
        </Button>
      </Stack>
    </form>
  );
}
