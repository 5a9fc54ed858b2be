import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSubmit } from '../../api/useSubmit';
import { ErrorAlert } from '../../components/Common';
import { useSession } from '../../session/Session';

const FIELDS = ['username', 'displayName', 'password'];

/** A person of the local user source: the server generates their Jami account and certifies it. */
export function CreatePersonModal({ opened, onClose, onCreated }: {
  opened: boolean;
  onClose(): void;
  onCreated(username: string): void;
}) {
  const { api } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, submit: run } = useSubmit(FIELDS, { user_exists: 'username', account_exists: 'username' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => api.post('/api/admin/users', { username, displayName, password }))) {
      setUsername('');
      setDisplayName('');
      setPassword('');
      onCreated(username);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New person">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Username" required data-autofocus value={username}
            onChange={(e) => setUsername(e.currentTarget.value)} error={errors.fields.username} />
          <TextInput label="Display name" value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)} error={errors.fields.displayName} />
          <PasswordInput label="Password" required autoComplete="new-password" value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} error={errors.fields.password} />
          <ErrorAlert error={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Create</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
