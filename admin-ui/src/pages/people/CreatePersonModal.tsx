import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { formErrors, NO_ERRORS, type FormErrors } from '../../api/forms';
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
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post('/api/admin/users', { username, displayName, password });
      setUsername('');
      setDisplayName('');
      setPassword('');
      onCreated(username);
    } catch (failure) {
      setErrors(formErrors(failure, FIELDS, { user_exists: 'username', account_exists: 'username' }));
    } finally {
      setBusy(false);
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
