import { Alert, Anchor, Button, Card, Code, Group, SimpleGrid, Slider, Stack, Table, Text, TextInput, Title }
  from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client';
import type { CrlPublication, EventPage, TrailEntry } from '../../api/types';
import { ErrorAlert, formatTime, PageTitle, StatusBadge } from '../../components/Common';
import { useSession } from '../../session/Session';
import { Timeline } from './Timeline';
import { asOfMoment, pickerValue, sliderMoment, SLIDER_DAYS } from './moments';

interface AsOfDevice {
  deviceId: string;
  name: string;
  status: string;
  serial: string;
  enrolledAt: string | null;
  notAfter: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

interface AsOf {
  username: string;
  at: string;
  exists: boolean;
  status: string;
  displayName: string;
  jamiId: string;
  revokedAt: string | null;
  revokeReason: string | null;
  devices: AsOfDevice[];
  validDevices: string[];
  lastSequence: number;
}

interface PeopleAsOf {
  at: string;
  people: Array<{ username: string; displayName: string; status: string; devices: number; validDevices: number }>;
  page: number;
  size: number;
  hasMore: boolean;
}

/** A person, their devices and their account's CRL as they stood at a chosen moment, and what changed since. */
export function AsOfPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [username, setUsername] = useState(params.get('user') ?? '');
  const [moment, setMoment] = useState(params.get('at') ?? new Date().toISOString());
  const [state, setState] = useState<AsOf>();
  const [organisation, setOrganisation] = useState<PeopleAsOf>();
  const [crl, setCrl] = useState<CrlPublication | null>();
  const [since, setSince] = useState<TrailEntry[]>();
  const [error, setError] = useState<ApiError | string>();
  const [busy, setBusy] = useState(false);

  async function show(event?: FormEvent, person: string = username, page = 0) {
    event?.preventDefault();
    const at = asOfMoment(moment);
    if (!at) {
      setError('The moment must be a date and time, such as 2026-12-03T09:30:00Z.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (!person.trim()) {
        // Nobody named: the organisation then, everyone registered by that moment.
        setState(undefined);
        setOrganisation(await api.get<PeopleAsOf>('/api/audit/as-of/people', { at, page, size: 25 }));
        setParams({ at });
        return;
      }
      const then = await api.get<AsOf>('/api/audit/as-of', { at, user: person });
      setOrganisation(undefined);
      setState(then);
      setParams({ user: person, at });
      const [crls, changes] = await Promise.all([
        then.exists ? api.get<CrlPublication[]>('/api/audit/crls', { issuer: then.jamiId, at }) : Promise.resolve([]),
        api.get<EventPage>('/api/audit/events', { user: person, from: at, size: 50, order: 'asc' }),
      ]);
      setCrl(crls[0] ?? null);
      setSince(changes.events);
    } catch (failure) {
      setState(undefined);
      setError(failure as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const daysAgo = Math.max(0, Math.min(SLIDER_DAYS, Math.round((Date.now() - Date.parse(moment)) / 86_400_000)));
  return (
    <>
      <PageTitle>As of a moment</PageTitle>
      <form onSubmit={show}>
        <Stack maw={720} mb="lg">
          <TextInput label="Person" description="Leave empty to see everyone registered by then." value={username}
            onChange={(e) => setUsername(e.currentTarget.value)} />
          <Group grow align="flex-start">
            <DateTimePicker label="Moment (UTC)" withSeconds value={pickerValue(moment)} valueFormat="YYYY-MM-DD HH:mm:ss"
              onChange={(v) => v && setMoment(new Date(`${String(v).replace(' ', 'T')}Z`).toISOString())} />
            <TextInput label="Moment (ISO-8601)" value={moment} onChange={(e) => setMoment(e.currentTarget.value)} />
          </Group>
          <div>
            <Text size="sm" id="timeline-label">Time line: days before now</Text>
            <Slider thumbLabel="Moment on the time line" min={0} max={SLIDER_DAYS} value={SLIDER_DAYS - daysAgo}
              label={(v) => `${SLIDER_DAYS - v} days ago`} onChange={(v) => setMoment(sliderMoment(SLIDER_DAYS - v))}
              marks={[{ value: 0, label: `${SLIDER_DAYS} days ago` }, { value: SLIDER_DAYS, label: 'now' }]} mb="lg" mx="xl" />
          </div>
          <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>Show</Button>
        </Stack>
      </form>
      <ErrorAlert error={error} />
      {organisation && (
        <>
          <Title order={3} size="h4" mb="xs">The organisation at {formatTime(organisation.at)}</Title>
          {organisation.people.length === 0 && <Text c="dimmed">Nobody was registered yet.</Text>}
          {organisation.people.length > 0 && (
            <Table.ScrollContainer minWidth={560} mb="sm">
              <Table striped aria-label="People then">
                <Table.Thead>
                  <Table.Tr><Table.Th>Person</Table.Th><Table.Th>Status then</Table.Th><Table.Th>Valid devices then</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {organisation.people.map((p) => (
                    <Table.Tr key={p.username}>
                      <Table.Td>
                        <Anchor component="button" type="button" onClick={() => { setUsername(p.username); show(undefined, p.username); }}>
                          {p.displayName || p.username}
                        </Anchor>
                      </Table.Td>
                      <Table.Td><StatusBadge status={p.status} /></Table.Td>
                      <Table.Td>{p.validDevices} of {p.devices}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group>
            <Button variant="default" disabled={organisation.page === 0}
              onClick={() => show(undefined, '', organisation.page - 1)}>Previous page</Button>
            <Button variant="default" disabled={!organisation.hasMore}
              onClick={() => show(undefined, '', organisation.page + 1)}>Next page</Button>
          </Group>
        </>
      )}
      {state && !state.exists && (
        <Alert color="blue">{state.username} did not exist at {formatTime(state.at)}.</Alert>
      )}
      {state && state.exists && (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
            <Card withBorder aria-label="Person then">
              <Title order={3} size="h5" mb="xs">{state.displayName} at {formatTime(state.at)}</Title>
              <Group gap="xs" mb="xs"><Text size="sm">Status then:</Text><StatusBadge status={state.status} /></Group>
              <Text size="sm">Jami ID <Code>{state.jamiId}</Code></Text>
              <Text size="sm">{state.validDevices.length} valid device(s); history up to sequence {state.lastSequence}.</Text>
            </Card>
            <Card withBorder aria-label="CRL then">
              <Title order={3} size="h5" mb="xs">The account's CRL in force then</Title>
              {crl ? (
                <Text size="sm">
                  Number {String(crl.number)}, {crl.entries} revoked certificate(s), issued {formatTime(crl.thisUpdate)},
                  valid until {formatTime(crl.nextUpdate)}.
                </Text>
              ) : <Text size="sm" c="dimmed">No CRL had been published for this account by then.</Text>}
            </Card>
          </SimpleGrid>
          <Title order={3} size="h4" mb="xs">Devices then</Title>
          <Table.ScrollContainer minWidth={560} mb="lg">
            <Table striped aria-label="Devices then">
              <Table.Thead>
                <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Status then</Table.Th><Table.Th>Serial</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {state.devices.map((d) => (
                  <Table.Tr key={d.deviceId}>
                    <Table.Td>{d.name}</Table.Td>
                    <Table.Td><StatusBadge status={d.status} /></Table.Td>
                    <Table.Td><Code>{d.serial}</Code></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Title order={3} size="h4" mb="xs">What changed since</Title>
          {since && <Timeline entries={since} />}
        </>
      )}
    </>
  );
}
