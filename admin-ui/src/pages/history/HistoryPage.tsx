import { Button, Group, Pagination, Select, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { EventPage } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, formatTime, Loading, PageTitle } from '../../components/Common';
import { useSession } from '../../session/Session';
import { actorName, describe, EVENT_TYPES } from './events';
import { IntegrityPanel } from './IntegrityPanel';
import { RebuildPanel } from './RebuildPanel';

const PAGE_SIZE = 25;
const FILTERS = ['actor', 'type', 'user', 'device', 'from', 'to'] as const;

/** The audit feed with filters and export, history verification and checkpoints, and rebuilds of read models. */
export function HistoryPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<string, string>>(
    Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])));
  const page = Number(params.get('page') ?? '0');
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? '']));
  const feed = useLoad(() => api.get<EventPage>('/api/audit/events',
    { ...filters, page, size: PAGE_SIZE, order: 'desc' }), [api, params.toString()]);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string>();

  function apply() {
    const next = new URLSearchParams();
    for (const f of FILTERS) if (draft[f]) next.set(f, draft[f]);
    setParams(next);
  }

  async function download(format: 'jsonl' | 'csv') {
    setExporting(format);
    setExportError(undefined);
    try {
      const blob = await api.blob('/api/audit/export', { ...filters, format });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `jams-history.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (failure) {
      setExportError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setExporting(null);
    }
  }

  const text = (name: string, label: string, placeholder?: string) => (
    <TextInput label={label} placeholder={placeholder} value={draft[name]}
      onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, [name]: v })); }} />
  );

  return (
    <>
      <PageTitle>History</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="xl">
        <IntegrityPanel />
        <RebuildPanel />
      </SimpleGrid>

      <Title order={3} size="h4" mb="xs">Audit feed</Title>
      <form onSubmit={(e) => { e.preventDefault(); apply(); }}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mb="sm">
          {text('user', 'Person', 'alice')}
          {text('device', 'Device id')}
          {text('actor', 'Actor', 'admin:root')}
          <Select label="Event type" clearable searchable value={draft.type || null}
            data={EVENT_TYPES.map((type) => ({ value: type, label: describe({ type }) }))}
            onChange={(v) => setDraft((d) => ({ ...d, type: v ?? '' }))} />
          {text('from', 'From (ISO-8601, inclusive)', '2026-01-01T00:00:00Z')}
          {text('to', 'To (ISO-8601, exclusive)')}
        </SimpleGrid>
        <Group mb="md">
          <Button type="submit">Apply filters</Button>
          <Button variant="default" loading={exporting === 'jsonl'} onClick={() => download('jsonl')}>
            Export JSON Lines
          </Button>
          <Button variant="default" loading={exporting === 'csv'} onClick={() => download('csv')}>Export CSV</Button>
        </Group>
      </form>
      <ErrorAlert error={exportError} title="Export failed" />
      <ErrorAlert error={feed.error} />
      {feed.loading && !feed.data ? <Loading /> : feed.data && (
        <>
          {feed.data.events.length === 0 && <Text c="dimmed">No event matches.</Text>}
          {feed.data.events.length > 0 && (
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label="Audit feed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th><Table.Th>Time</Table.Th><Table.Th>What</Table.Th>
                    <Table.Th>Who</Table.Th><Table.Th>From</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {feed.data.events.map((e) => (
                    <Table.Tr key={e.sequence}>
                      <Table.Td>{e.sequence}</Table.Td>
                      <Table.Td>{formatTime(e.time)}</Table.Td>
                      <Table.Td>{describe(e)}</Table.Td>
                      <Table.Td>{actorName(e.actor)}</Table.Td>
                      <Table.Td>{e.source}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group justify="center" mt="md">
            <Pagination total={feed.data.hasMore ? page + 2 : page + 1} value={page + 1}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
              onChange={(p) => { const next = new URLSearchParams(params); next.set('page', String(p - 1)); setParams(next); }} />
          </Group>
        </>
      )}
    </>
  );
}
