import { Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import type { Device, EventPage } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, formatTime, Loading, PageTitle, StatusBadge } from '../../components/Common';
import { useSession } from '../../session/Session';
import { TrailTimeline, useTrail } from '../history/TrailTimeline';
import { RevokeModal } from './RevokeModal';

/** The deliveries the device page lists: the latest ones, where a long-lived device's current settings are. */
const DELIVERIES_SHOWN = 20;

function versionsText(versions: unknown): string {
  const entries = Object.entries((versions ?? {}) as Record<string, number>);
  return entries.length === 0 ? 'none' : entries.map(([name, version]) => `${name} v${version}`).join(', ');
}

/** One device: its certificate, status, the blueprint versions it received, and its whole story. */
export function DevicePage() {
  const { username = '', deviceId = '' } = useParams();
  const { api, canChange } = useSession();
  const devices = useLoad(() => api.get<Device[]>(`/api/admin/users/${encodeURIComponent(username)}/devices`),
    [api, username]);
  const history = useTrail(api, { device: deviceId });
  const deliveries = useLoad(() => api.get<EventPage>('/api/audit/events',
    { device: deviceId, type: 'PolicyDeliveredEvent', order: 'desc', size: DELIVERIES_SHOWN }), [api, deviceId]);
  const [revoking, { open, close }] = useDisclosure(false);

  if (devices.error) return <ErrorAlert error={devices.error} title="This device could not be shown" />;
  if (!devices.data) return <Loading />;
  const device = devices.data.find((d) => d.deviceId === deviceId);
  if (!device) return <ErrorAlert error={`${username} has no device ${deviceId}.`} title="Not found" />;
  const received = deliveries.data?.events ?? [];

  return (
    <>
      <PageTitle actions={canChange && device.status === 'ACTIVE' && (
        <Button color="red" variant="outline" onClick={open}>Revoke device</Button>
      )}>
        Device {device.name || deviceId.slice(0, 12)}
      </PageTitle>
      <Text mb="md">
        of <Anchor component={Link} to={`/people/${encodeURIComponent(username)}`}>{username}</Anchor>
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Certificate</Title>
          <Table variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr><Table.Th w={150}>Status</Table.Th><Table.Td><StatusBadge status={device.status} /></Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th>Device id</Table.Th>
                <Table.Td><Code style={{ overflowWrap: 'anywhere' }}>{device.deviceId}</Code></Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Serial</Table.Th>
                <Table.Td><Code style={{ overflowWrap: 'anywhere' }}>{device.serial}</Code></Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th>Valid from</Table.Th><Table.Td>{formatTime(device.issuedAt)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Valid until</Table.Th><Table.Td>{formatTime(device.expiresAt)}</Table.Td></Table.Tr>
              {device.revokedAt && (
                <Table.Tr>
                  <Table.Th>Revoked</Table.Th>
                  <Table.Td>{formatTime(device.revokedAt)}{device.revokeReason ? ` (${device.revokeReason})` : ''}</Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th>Revocation seen by peers</Table.Th>
                <Table.Td>
                  {device.namesOcsp ? <Badge color="green" variant="light">names the OCSP responder</Badge>
                    : <Badge color="orange" variant="light">names no responder: enroll again</Badge>}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Client settings received</Title>
          <ErrorAlert error={deliveries.error} />
          {deliveries.data?.hasMore && (
            <Text size="sm" c="dimmed" mb="xs">The latest {received.length}, newest first; the audit timeline has
              them all.</Text>
          )}
          {received.length === 0 ? <Text size="sm" c="dimmed">No blueprint version delivered to this device.</Text> : (
            <Table aria-label="Blueprint versions received">
              <Table.Thead>
                <Table.Tr><Table.Th>When</Table.Th><Table.Th>How</Table.Th><Table.Th>Blueprint versions</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {received.map((e) => (
                  <Table.Tr key={e.sequence}>
                    <Table.Td>{formatTime(e.time)}</Table.Td>
                    <Table.Td>{String(e.data.via ?? '')}</Table.Td>
                    <Table.Td>{versionsText(e.data.versions)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">Audit timeline</Title>
      </Group>
      <TrailTimeline trail={history} />
      <RevokeModal opened={revoking} onClose={close} title={`Revoke ${device.name || 'this device'}`}
        what="Its certificate is revoked: it can no longer sign in, and other devices refuse it once they ask OCSP."
        revoke={async (reason) => {
          await api.delete(`/api/admin/devices/${encodeURIComponent(deviceId)}`, { reason });
          devices.reload();
          history.reload();
        }} />
    </>
  );
}
