import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Api } from '../../api/client';
import { useSubmit } from '../../api/useSubmit';
import { ErrorAlert } from '../../components/Common';
import { useSession } from '../../session/Session';

/** Creates the first admin (or, when one exists because an earlier run stopped midway, signs in as them). */
export function AdminStep({ adminExists, onDone }: { adminExists: boolean; onDone(): void }) {
  const { signIn } = useSession();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { errors, setErrors, busy, submit: run } = useSubmit(['username', 'password'], { admin_exists: 'username' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!adminExists && password !== confirmation) {
      setErrors({ fields: { confirmation: 'The two passwords differ.' } });
      return;
    }
    const done = await run(async () => {
      if (!adminExists) await new Api(null).post('/api/setup/admin', { username, password });
      await signIn({ username, password });
    });
    if (done) onDone();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack mt="md">
        <Text size="sm">
          {adminExists
            ? 'An admin account exists already: sign in with it to go on with the setup.'
            : 'The first admin account. Admins and auditors always sign in here, even when people come from a directory.'}
        </Text>
        <TextInput label="Admin username" autoComplete="username" required value={username}
          onChange={(e) => setUsername(e.currentTarget.value)} error={errors.fields.username} />
        <PasswordInput label="Password" autoComplete={adminExists ? 'current-password' : 'new-password'} required
          value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.fields.password} />
        {!adminExists && (
          <PasswordInput label="Password again" autoComplete="new-password" required value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)} error={errors.fields.confirmation} />
        )}
        <ErrorAlert error={errors.general} />
        <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
          {adminExists ? 'Sign in and continue' : 'Create admin and continue'}
        </Button>
      </Stack>
    </form>
  );
}
