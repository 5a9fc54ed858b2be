import { ActionIcon, Anchor, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title }
  from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, formatTime, PageTitle } from '../../components/Common';
import { useSession } from '../../session/Session';
import { diffSettings } from './diff';

interface Blueprint {
  name: string;
  version: number;
  settings: Record<string, string>;
  createdAt: string;
}

interface Delivery {
  sequence: number;
  username: string;
  deviceId: string;
  version: number;
  via: string;
  deliveredAt: string;
}

interface Row {
  key: string | null;
  value: string;
}

/** The row an error is about: the server's message names the key it refuses. */
function rowOf(rows: Row[], message: string): number {
  return rows.findIndex((row) => row.key !== null && message.includes(row.key));
}

function Editor({ keys, blueprint, onSaved }: {
  keys: Record<string, string>;
  blueprint?: Blueprint;
  onSaved(saved: Blueprint): void;
}) {
  const { api, canChange } = useSession();
  const [name, setName] = useState(blueprint?.name ?? '');
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<{ row: number; message: string; name?: string; general?: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setName(blueprint?.name ?? '');
    setRows(blueprint ? Object.entries(blueprint.settings).map(([key, value]) => ({ key, value }))
      : [{ key: null, value: '' }]);
    setErrors(undefined);
  }, [blueprint]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(undefined);
    const settings = Object.fromEntries(rows.filter((r) => r.key).map((r) => [r.key as string, r.value]));
    try {
      onSaved(blueprint
        ? await api.put<Blueprint>(`/api/admin/blueprints/${encodeURIComponent(blueprint.name)}`, { settings })
        : await api.post<Blueprint>('/api/admin/blueprints', { name, settings }));
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : String(failure);
      const row = rowOf(rows, message);
      const aboutName = failure instanceof ApiError && (failure.field === 'name' || failure.code === 'blueprint_exists');
      setErrors({ row: aboutName ? -1 : row, message, name: aboutName ? message : undefined,
        general: !aboutName && row < 0 ? message : undefined });
    } finally {
      setBusy(false);
    }
  }

  const update = (index: number, change: Partial<Row>) =>
    setRows((all) => all.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <form onSubmit={save} noValidate>
      <Stack>
        {!blueprint && (
          <TextInput label="Blueprint name" required value={name} onChange={(e) => setName(e.currentTarget.value)}
            error={errors?.name} />
        )}
        {rows.map((row, index) => (
          <Group key={index} align="flex-start" wrap="nowrap">
            <Select label={index === 0 ? 'Setting' : undefined} aria-label={`Setting ${index + 1}`} searchable
              data={Object.keys(keys)} value={row.key} onChange={(key) => update(index, { key })} disabled={!canChange}
              style={{ flex: 1 }} />
            <TextInput label={index === 0 ? 'Value' : undefined} aria-label={`Value ${index + 1}`} value={row.value}
              description={row.key ? keys[row.key] : undefined} readOnly={!canChange}
              error={errors?.row === index ? errors.message : undefined}
              onChange={(e) => update(index, { value: e.currentTarget.value })} style={{ flex: 1 }} />
            {canChange && (
              <ActionIcon variant="subtle" color="red" mt={index === 0 ? 28 : 4} aria-label={`Remove setting ${index + 1}`}
                onClick={() => setRows((all) => all.filter((_, i) => i !== index))}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
        <ErrorAlert error={errors?.general} />
        {canChange && (
          <Group>
            <Button variant="default" onClick={() => setRows((all) => [...all, { key: null, value: '' }])}>Add setting</Button>
            <Button type="submit" loading={busy}>{blueprint ? 'Save as a new version' : 'Create blueprint'}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Blueprints: the Jami client settings groups receive; each change is a new version, old ones stay readable. */
export function BlueprintsPage() {
  const { api } = useSession();
  const all = useLoad(() => api.get<{ blueprints: Blueprint[]; default: string | null }>('/api/admin/blueprints'), [api]);
  const keys = useLoad(() => api.get<Record<string, string>>('/api/admin/blueprint-keys'), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const versions = useLoad(() => (selected ? api.get<Blueprint[]>(`/api/admin/blueprints/${encodeURIComponent(selected)}/versions`)
    : Promise.resolve([])), [api, selected]);
  const current = all.data?.blueprints.find((b) => b.name === selected);
  const deliveries = useLoad(() => (selected ? api.get<Delivery[]>(`/api/admin/blueprints/${encodeURIComponent(selected)}/deliveries`)
    : Promise.resolve([])), [api, selected, current?.version]);

  return (
    <>
      <PageTitle>Blueprints</PageTitle>
      <ErrorAlert error={all.error ?? keys.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">All blueprints</Title>
          {all.data && all.data.blueprints.length === 0 && <Text size="sm" c="dimmed">None yet.</Text>}
          <Stack gap={4}>
            {all.data?.blueprints.map((b) => (
              <Group key={b.name} justify="space-between">
                <Button variant={b.name === selected ? 'light' : 'subtle'} onClick={() => setSelected(b.name)}>
                  {b.name}
                </Button>
                <Group gap={4}>
                  <Badge variant="light">version {b.version}</Badge>
                  {all.data?.default === b.name && <Badge color="grape" variant="light">default</Badge>}
                </Group>
              </Group>
            ))}
            <Button variant={selected === null ? 'light' : 'subtle'} onClick={() => setSelected(null)}>
              New blueprint
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">{current ? `${current.name}, version ${current.version}` : 'New blueprint'}</Title>
          {keys.data && <Editor keys={keys.data} blueprint={current} onSaved={(saved) => { all.reload(); setSelected(saved.name); versions.reload(); }} />}
        </Card>
      </SimpleGrid>
      {current && versions.data && (
        <>
          <Title order={3} size="h4" mt="lg" mb="xs">Versions</Title>
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Blueprint versions">
              <Table.Thead>
                <Table.Tr><Table.Th>Version</Table.Th><Table.Th>Saved</Table.Th><Table.Th>Changes from the one before</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...versions.data].reverse().map((v) => {
                  const before = versions.data!.find((o) => o.version === v.version - 1)?.settings ?? {};
                  return (
                    <Table.Tr key={v.version}>
                      <Table.Td>{v.version}</Table.Td>
                      <Table.Td>{formatTime(v.createdAt)}</Table.Td>
                      <Table.Td>
                        {diffSettings(before, v.settings).map((c) => (
                          <div key={c.key}>
                            <Code>{c.key}</Code>{' '}
                            {c.before === undefined ? `set to ${c.after}` : c.after === undefined ? `removed (was ${c.before})`
                              : `${c.before} → ${c.after}`}
                          </div>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Title order={3} size="h4" mt="lg" mb="xs">Devices that received it</Title>
          <ErrorAlert error={deliveries.error} />
          {deliveries.data && deliveries.data.length === 0 && (
            <Text size="sm" c="dimmed">No device has received this blueprint yet.</Text>
          )}
          {deliveries.data && deliveries.data.length > 0 && (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Deliveries">
                <Table.Thead>
                  <Table.Tr><Table.Th>When</Table.Th><Table.Th>Person</Table.Th><Table.Th>Device</Table.Th>
                    <Table.Th>Version</Table.Th><Table.Th>How</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {deliveries.data.map((d) => (
                    <Table.Tr key={d.sequence}>
                      <Table.Td>{formatTime(d.deliveredAt)}</Table.Td>
                      <Table.Td>{d.username}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${encodeURIComponent(d.username)}/devices/${d.deviceId}`}>
                          {d.deviceId.slice(0, 12)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{d.version}</Table.Td>
                      <Table.Td>{d.via}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </>
  );
}
