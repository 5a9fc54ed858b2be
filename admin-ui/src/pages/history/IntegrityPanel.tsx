import { Alert, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import type { Verification } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, formatTime } from '../../components/Common';
import { useSession } from '../../session/Session';

interface Checkpoint {
  sequence: number;
  chainHash: string;
  createdAt: string;
  signature: string;
}

/** Verifies the signed, chained history and shows the signed checkpoints. */
export function IntegrityPanel() {
  const { api, canChange } = useSession();
  const [result, setResult] = useState<Verification>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<'verify' | 'checkpoint' | null>(null);
  const checkpoints = useLoad(() => api.get<Checkpoint[]>('/api/audit/checkpoints'), [api]);

  async function verify() {
    setBusy('verify');
    setError(undefined);
    try {
      setResult(await api.post<Verification>('/api/audit/verify'));
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(null);
    }
  }

  async function checkpoint() {
    setBusy('checkpoint');
    try {
      await api.post('/api/audit/checkpoints');
      checkpoints.reload();
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(null);
    }
  }

  const latest = (checkpoints.data ?? []).slice(-5).reverse();
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">Tamper evidence</Title>
      <Text size="sm" mb="sm">
        Every event is signed when stored and chained to the one before; checking reads the whole history.
      </Text>
      <Group mb="sm">
        <Button onClick={verify} loading={busy === 'verify'}>Verify history</Button>
        {canChange && (
          <Button variant="default" onClick={checkpoint} loading={busy === 'checkpoint'}>Sign a checkpoint now</Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      {result && (
        <Alert color={result.valid ? 'green' : 'red'} role="status" mb="sm"
          title={result.valid ? 'History verified' : `History broken at sequence ${result.firstBrokenSequence}`}>
          {result.reason}
        </Alert>
      )}
      <Text fw={600} size="sm">Latest signed checkpoints</Text>
      {latest.length === 0 ? <Text size="sm" c="dimmed">None yet.</Text> : (
        <Table aria-label="Signed checkpoints">
          <Table.Thead><Table.Tr><Table.Th>Up to</Table.Th><Table.Th>Signed</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {latest.map((c) => (
              <Table.Tr key={c.sequence}>
                <Table.Td>{c.sequence}</Table.Td>
                <Table.Td>{formatTime(c.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
