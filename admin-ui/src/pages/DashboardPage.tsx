import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { EventPage } from '../api/types';
import { useLoad } from '../api/useLoad';
import { ErrorAlert, formatTime, Loading, PageTitle } from '../components/Common';
import { useSession } from '../session/Session';
import { actorName, describe } from './history/events';

interface Overview {
  people?: Record<string, number>;
  devices?: Record<string, number>;
  expiringWithin30Days: number;
  expiringCountExact: boolean;
  activity: Array<{ day: string; enrollments: number; revocations: number }>;
  history?: { storeHead: number; chainHead: number; lastCheckpointAt: string | null; stalledFor: number | null };
}

interface DirectorySettings {
  type: string;
}

interface SyncRun {
  state: string;
  finishedAt: string | null;
  message: string | null;
}

function Figure({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={28} fw={700}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Card>
  );
}

/** People and devices at a glance, enrollments and revocations over 30 days, the latest events, and health. */
export function DashboardPage() {
  const { api } = useSession();
  const overview = useLoad(() => api.get<Overview>('/api/admin/overview'), [api]);
  const latest = useLoad(() => api.get<EventPage>('/api/audit/events', { size: 8, order: 'desc' }), [api]);
  const directory = useLoad(() => api.get<DirectorySettings>('/api/setup/directory'), [api]);
  const sync = useLoad(() => (directory.data && directory.data.type !== 'local'
    ? api.get<SyncRun>('/api/admin/directory/sync') : Promise.resolve(undefined)), [api, directory.data?.type]);

  if (overview.error) return <ErrorAlert error={overview.error} />;
  if (!overview.data) return <Loading />;
  const o = overview.data;
  const count = (map: Record<string, number> | undefined, key: string) => map?.[key] ?? 0;
  const chainBehind = o.history ? o.history.storeHead - o.history.chainHead : 0;

  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} mb="lg">
        <Figure label="People" value={count(o.people, 'ACTIVE')}
          hint={`${count(o.people, 'REVOKED')} revoked, ${count(o.people, 'DISABLED')} disabled`} />
        <Figure label="Active devices" value={count(o.devices, 'ACTIVE')} />
        <Figure label="Expiring within 30 days" value={`${o.expiringWithin30Days}${o.expiringCountExact ? '' : '+'}`} />
        <Figure label="Expired devices" value={count(o.devices, 'EXPIRED')} />
        <Figure label="Revoked devices" value={count(o.devices, 'REVOKED')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mb="lg">
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">Enrollments and revocations, last 30 days</Title>
          <BarChart h={240} data={o.activity.map((d) => ({ ...d, day: d.day.slice(5) }))} dataKey="day"
            series={[{ name: 'enrollments', label: 'Enrollments', color: 'blue.7' },
              { name: 'revocations', label: 'Revocations', color: 'red.7' }]}
            withLegend tickLine="y" aria-label="Enrollments and revocations per day" />
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">Health</Title>
          <Group gap="xs" mb="xs">
            <Text size="sm">History chain:</Text>
            {o.history && chainBehind <= 0 ? <Badge color="green" variant="light">up to date</Badge>
              : <Badge color={o.history?.stalledFor ? 'red' : 'yellow'} variant="light">{chainBehind} events behind</Badge>}
          </Group>
          <Text size="sm" mb="xs">
            {o.history ? `${o.history.storeHead} events stored; last signed checkpoint `
              + `${o.history.lastCheckpointAt ? formatTime(o.history.lastCheckpointAt) : 'none yet'}.` : ''}
          </Text>
          <Group gap="xs" mb="xs">
            <Text size="sm">User source:</Text>
            {directory.data ? <Badge variant="light">{directory.data.type}</Badge>
              : directory.error ? <Badge color="red" variant="light">{directory.error.message}</Badge> : null}
          </Group>
          {sync.data && (
            <Text size="sm" mb="xs">
              Last synchronisation: {sync.data.state.toLowerCase()}
              {sync.data.finishedAt ? ` at ${formatTime(sync.data.finishedAt)}` : ''}
              {sync.data.message ? ` (${sync.data.message})` : ''}
            </Text>
          )}
          <Anchor component={Link} to="/history" size="sm">Verify the history</Anchor>
        </Card>
      </SimpleGrid>
      <Title order={3} size="h4" mb="xs">Latest events</Title>
      <ErrorAlert error={latest.error} />
      {latest.data && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label="Latest events">
            <Table.Thead>
              <Table.Tr><Table.Th>Time</Table.Th><Table.Th>What</Table.Th><Table.Th>Who</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {latest.data.events.map((e) => (
                <Table.Tr key={e.sequence}>
                  <Table.Td>{formatTime(e.time)}</Table.Td>
                  <Table.Td>{describe(e)}</Table.Td>
                  <Table.Td>{actorName(e.actor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
