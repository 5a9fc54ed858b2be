import { Anchor, Avatar, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import type { Device, UserDetail } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, formatTime, Loading, PageTitle, StatusBadge } from '../../components/Common';
import { useSession } from '../../session/Session';
import { TrailTimeline, useTrail } from '../history/TrailTimeline';
import { RevokeModal } from './RevokeModal';

interface EffectiveSettings {
  settings: Record<string, string>;
  sources: Record<string, { blueprint: string; version: number; group: string | null }>;
  blueprints: Record<string, number>;
}

interface Profile {
  firstName: string;
  lastName: string;
  email: string;
  directoryGroups: string[];
  groups: string[];
  photo: string | null;
  photoUnavailable?: string;
}

/** A directory group's short name: its DN's first value ("cn=staff,ou=groups,…" → staff). */
function groupName(dn: string): string {
  const first = dn.split(',')[0] ?? dn;
  return first.includes('=') ? first.slice(first.indexOf('=') + 1) : first;
}

function sourceText(source: EffectiveSettings['sources'][string] | undefined): string {
  if (!source) return '';
  return `${source.blueprint} v${source.version}${source.group ? ` (group ${source.group})` : ' (default)'}`;
}

/** A person: profile, devices, effective client settings, their history; revoking them. */
export function PersonPage() {
  const { username = '' } = useParams();
  const { api, canChange } = useSession();
  const path = `/api/admin/users/${encodeURIComponent(username)}`;
  const person = useLoad(() => api.get<UserDetail>(path), [api, path]);
  const devices = useLoad(() => api.get<Device[]>(`${path}/devices`), [api, path]);
  const profile = useLoad(() => api.get<Profile>(`${path}/profile`), [api, path]);
  const settings = useLoad(() => api.get<EffectiveSettings>(`${path}/settings`), [api, path]);
  const history = useTrail(api, { user: username });
  const [revoking, { open, close }] = useDisclosure(false);

  if (person.error) return <ErrorAlert error={person.error} title="This person could not be shown" />;
  if (!person.data) return <Loading />;
  const p = person.data;
  const reloadAll = () => { person.reload(); devices.reload(); history.reload(); };

  return (
    <>
      <PageTitle actions={canChange && p.status !== 'REVOKED' && (
        <Button color="red" variant="outline" onClick={open}>Revoke person</Button>
      )}>{p.displayName || p.username}</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
        <Card withBorder>
          <Group justify="space-between" align="flex-start" mb="xs">
            <Title order={3} size="h5">Profile</Title>
            <Avatar src={profile.data?.photo ? `data:image/jpeg;base64,${profile.data.photo}` : null} size="lg"
              radius="xl" alt={profile.data?.photo ? `Photo of ${p.displayName || p.username}` : ''}>
              {(p.displayName || p.username).slice(0, 2).toUpperCase()}
            </Avatar>
          </Group>
          <Table variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr><Table.Th w={150}>Username</Table.Th><Table.Td>{p.username}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Status</Table.Th><Table.Td><StatusBadge status={p.status} /></Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Source</Table.Th><Table.Td>{p.source}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th>Jami ID</Table.Th>
                <Table.Td><Code style={{ overflowWrap: 'anywhere' }}>{p.jamiId}</Code></Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th>Registered</Table.Th><Table.Td>{formatTime(p.registeredAt)}</Table.Td></Table.Tr>
              {p.revokedAt && (
                <Table.Tr><Table.Th>Revoked</Table.Th><Table.Td>{formatTime(p.revokedAt)}</Table.Td></Table.Tr>
              )}
              {profile.data && (profile.data.firstName || profile.data.lastName) && (
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Td>{`${profile.data.firstName} ${profile.data.lastName}`.trim()}</Table.Td>
                </Table.Tr>
              )}
              {profile.data?.email && (
                <Table.Tr><Table.Th>Email</Table.Th><Table.Td>{profile.data.email}</Table.Td></Table.Tr>
              )}
              <Table.Tr>
                <Table.Th>Groups</Table.Th>
                <Table.Td>
                  {profile.data && profile.data.groups.length + profile.data.directoryGroups.length === 0 && 'none'}
                  <Group gap={4}>
                    {profile.data?.groups.map((g) => <Badge key={g} variant="light">{g}</Badge>)}
                    {profile.data?.directoryGroups.map((dn) => (
                      <Badge key={dn} variant="light" color="gray" title={dn}>{groupName(dn)} (directory)</Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Effective client settings</Title>
          <ErrorAlert error={settings.error} />
          {settings.data && Object.keys(settings.data.settings).length === 0 && (
            <Text size="sm" c="dimmed">No blueprint applies to this person.</Text>
          )}
          {settings.data && Object.keys(settings.data.settings).length > 0 && (
            <Table aria-label="Effective settings">
              <Table.Thead>
                <Table.Tr><Table.Th>Key</Table.Th><Table.Th>Value</Table.Th><Table.Th>From</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.entries(settings.data.settings).map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Td><Code>{key}</Code></Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
                    <Table.Td>{sourceText(settings.data!.sources[key])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>

      <Title order={3} size="h4" mb="xs">Devices</Title>
      <ErrorAlert error={devices.error} />
      {devices.data && devices.data.length === 0 && <Text c="dimmed" mb="lg">No device enrolled yet.</Text>}
      {devices.data && devices.data.length > 0 && (
        <Table.ScrollContainer minWidth={560} mb="lg">
          <Table striped aria-label="Devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th><Table.Th>Status</Table.Th><Table.Th>Valid from</Table.Th>
                <Table.Th>Valid until</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {devices.data.map((d) => (
                <Table.Tr key={d.deviceId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/people/${encodeURIComponent(p.username)}/devices/${d.deviceId}`}>
                      {d.name || d.deviceId.slice(0, 12)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td><StatusBadge status={d.status} /></Table.Td>
                  <Table.Td>{formatTime(d.issuedAt)}</Table.Td>
                  <Table.Td>{formatTime(d.expiresAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">History</Title>
          <Anchor component={Link} to={`/history?user=${encodeURIComponent(p.username)}`}>Open in the feed</Anchor>
        </Group>
        <TrailTimeline trail={history} />
      </Stack>

      <RevokeModal opened={revoking} onClose={close} title={`Revoke ${p.username}`}
        what="The person's account certificate and every device are revoked, and they can no longer enroll."
        revoke={async (reason) => {
          await api.delete(path, { reason });
          reloadAll();
        }} />
    </>
  );
}
