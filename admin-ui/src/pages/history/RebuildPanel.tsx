import { Alert, Button, Card, Group, Progress, Select, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/Common';
import { useSession } from '../../session/Session';

interface Rebuild {
  id: string;
  projection: string;
  state: string;
  eventsDone: number;
  eventsTotal: number;
  eventsPerSecond: number;
  etaSeconds: number | null;
  diff: Array<{ table: string; onlyLive: number; onlyRebuilt: number }> | null;
  error: string | null;
}

/** A rebuild in any other state (replaying, switching) is still under way. */
const FINISHED = ['DONE', 'FAILED'];

const PROJECTIONS = ['all', 'setup-projection', 'users-projection', 'devices-projection', 'revocations-projection',
  'audit-index', 'policy-projection'];

/** Rebuilds read models from the events, with the progress and the difference between live and rebuilt tables. */
export function RebuildPanel() {
  const { api } = useSession();
  const [projection, setProjection] = useState<string | null>('all');
  const [rebuild, setRebuild] = useState<Rebuild>();
  const [error, setError] = useState<ApiError>();
  const poll = useInterval(() => {
    if (rebuild) api.get<Rebuild>(`/api/audit/rebuilds/${rebuild.id}`).then(setRebuild, setError);
  }, 500);

  const underWay = rebuild !== undefined && !FINISHED.includes(rebuild.state);
  useEffect(() => {
    if (underWay) poll.start();
    else poll.stop();
    return poll.stop;
  }, [underWay, poll]);

  async function start() {
    setError(undefined);
    try {
      setRebuild(await api.post<Rebuild>('/api/audit/rebuilds', { projection }));
    } catch (failure) {
      setError(failure as ApiError);
    }
  }

  const percent = rebuild && rebuild.eventsTotal > 0 ? (100 * rebuild.eventsDone) / rebuild.eventsTotal
    : rebuild?.state === 'DONE' ? 100 : 0;
  const differences = (rebuild?.diff ?? []).filter((d) => d.onlyLive > 0 || d.onlyRebuilt > 0);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">Rebuild read models</Title>
      <Text size="sm" mb="sm">
        Replays every event into fresh tables beside the live ones, compares them, then switches over.
      </Text>
      <Group align="flex-end" mb="sm">
        <Select label="Read model" data={PROJECTIONS} value={projection} onChange={setProjection}
          allowDeselect={false} />
        <Button onClick={start} disabled={underWay}>Rebuild</Button>
      </Group>
      <ErrorAlert error={error} />
      {rebuild && (
        <>
          <Progress value={percent} size="lg" mb={4} aria-label="Rebuild progress" animated={underWay} />
          <Text size="sm" role="status">
            {rebuild.state.charAt(0) + rebuild.state.slice(1).toLowerCase()}:
            {` ${rebuild.eventsDone} of ${rebuild.eventsTotal} events`}
            {rebuild.eventsPerSecond ? `, ${Math.round(rebuild.eventsPerSecond)} events/s` : ''}
          </Text>
          {rebuild.state === 'DONE' && (
            <Alert mt="sm" color={differences.length ? 'yellow' : 'green'}
              title={differences.length ? 'The rebuilt tables differ from the live ones' : 'Rebuilt tables match'}>
              {differences.length === 0 ? 'Every read model rebuilt from the events equals the live one.'
                : differences.map((d) => `${d.table}: ${d.onlyLive} rows only live, ${d.onlyRebuilt} only rebuilt`)
                  .join('; ')}
            </Alert>
          )}
          {rebuild.error && <ErrorAlert error={rebuild.error} />}
        </>
      )}
    </Card>
  );
}
