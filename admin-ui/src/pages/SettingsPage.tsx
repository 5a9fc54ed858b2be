import { Button, Card, Group, PasswordInput, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useSubmit } from '../api/useSubmit';
import type { CaDetails, Settings } from '../api/types';
import { useLoad } from '../api/useLoad';
import { CaDetailsCard } from '../components/CaDetailsCard';
import { ErrorAlert, formatTime, Loading, PageTitle } from '../components/Common';
import { SettingsForm } from '../components/SettingsForm';
import { useSession } from '../session/Session';

/** Server settings, the organisation CA, and the auditor accounts. */
export function SettingsPage() {
  const { api, canChange } = useSession();
  const settings = useLoad(() => api.get<Settings>('/api/setup/settings'), [api]);
  const ca = useLoad(() => api.get<CaDetails>('/api/setup/ca'), [api]);
  const auditors = useLoad(() => api.get<Array<{ username: string; createdAt: string }>>('/api/admin/auditors'), [api]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, submit } = useSubmit(['username', 'password'], { account_exists: 'username' });

  async function addAuditor(event: FormEvent) {
    event.preventDefault();
    if (await submit(() => api.post('/api/admin/auditors', { username, password }))) {
      setUsername('');
      setPassword('');
      auditors.reload();
    }
  }

  return (
    <>
      <PageTitle>Settings</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
        <Card withBorder>
          <Title order={3} size="h5">Server</Title>
          <ErrorAlert error={settings.error} />
          {settings.data ? (
            <SettingsForm initial={settings.data} submitLabel="Save settings" onSaved={() => {
              settings.reload();
              notifications.show({ message: 'Settings saved.', color: 'green' });
            }} />
          ) : !settings.error && <Loading />}
        </Card>
        <div>
          <ErrorAlert error={ca.error} />
          {ca.data && <CaDetailsCard ca={ca.data} />}
        </div>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Auditors (security officers)</Title>
        <Text size="sm" mb="sm">Auditors read everything admins read, verify and rebuild history, and change nothing.</Text>
        <ErrorAlert error={auditors.error} />
        {auditors.data && auditors.data.length === 0 && <Text size="sm" c="dimmed">No auditor yet.</Text>}
        {auditors.data && auditors.data.length > 0 && (
          <Table aria-label="Auditors" mb="sm">
            <Table.Tbody>
              {auditors.data.map((a) => (
                <Table.Tr key={a.username}><Table.Td>{a.username}</Table.Td><Table.Td>{formatTime(a.createdAt)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canChange && (
          <form onSubmit={addAuditor} noValidate>
            <Group align="flex-start">
              <TextInput label="Auditor username" value={username} onChange={(e) => setUsername(e.currentTarget.value)}
                error={errors.fields.username} />
              <PasswordInput label="Password" autoComplete="new-password" value={password}
                onChange={(e) => setPassword(e.currentTarget.value)} error={errors.fields.password} />
              <Button type="submit" mt={25} loading={busy}>Add auditor</Button>
            </Group>
            <ErrorAlert error={errors.general} />
          </form>
        )}
      </Card>
    </>
  );
}
