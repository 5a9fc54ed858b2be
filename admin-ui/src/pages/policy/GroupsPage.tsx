import { Anchor, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title }
  from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSubmit } from '../../api/useSubmit';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, PageTitle } from '../../components/Common';
import { useSession } from '../../session/Session';

interface GroupView {
  name: string;
  source: string;
  description: string;
  members: number;
  blueprint: string | null;
  precedence: number | null;
}

/** Groups, their members and the blueprint each gives, by precedence (higher wins per key). */
export function GroupsPage() {
  const { api, canChange } = useSession();
  const groups = useLoad(() => api.get<GroupView[]>('/api/admin/groups'), [api]);
  const blueprints = useLoad(() => api.get<{ blueprints: Array<{ name: string }> }>('/api/admin/blueprints'), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const detail = useLoad(() => (selected ? api.get<{ group: GroupView; members: string[] }>(
    `/api/admin/groups/${encodeURIComponent(selected)}`) : Promise.resolve(undefined)), [api, selected]);
  const [name, setName] = useState('');
  const [member, setMember] = useState('');
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [precedence, setPrecedence] = useState<number | string>(10);
  const { errors, submit } = useSubmit(['name', 'username', 'blueprint', 'precedence'], { group_exists: 'name' });

  async function run(action: () => Promise<unknown>) {
    if (await submit(action)) {
      groups.reload();
      detail.reload();
    }
  }

  const path = `/api/admin/groups/${encodeURIComponent(selected ?? '')}`;
  const sorted = [...(groups.data ?? [])].sort((a, b) => (b.precedence ?? -1) - (a.precedence ?? -1));
  return (
    <>
      <PageTitle>Groups</PageTitle>
      <ErrorAlert error={groups.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">By precedence</Title>
          {sorted.length === 0 && <Text size="sm" c="dimmed">No group yet.</Text>}
          <Table aria-label="Groups">
            <Table.Tbody>
              {sorted.map((g) => (
                <Table.Tr key={g.name}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setSelected(g.name)}>{g.name}</Anchor>
                  </Table.Td>
                  <Table.Td>{g.members} member(s)</Table.Td>
                  <Table.Td>{g.blueprint ? <Badge variant="light">{g.blueprint} ({g.precedence})</Badge> : '—'}</Table.Td>
                  <Table.Td>{g.source !== 'local' && <Badge color="gray" variant="light">{g.source}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {canChange && (
            <form onSubmit={(e: FormEvent) => { e.preventDefault(); run(() => api.post('/api/admin/groups', { name })); }}>
              <Group align="flex-end" mt="md">
                <TextInput label="New group" value={name} onChange={(e) => setName(e.currentTarget.value)}
                  error={errors.fields.name} />
                <Button type="submit">Create</Button>
              </Group>
            </form>
          )}
        </Card>
        {selected && detail.data && (
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">{detail.data.group.name}</Title>
            <Text size="sm" fw={600}>Members</Text>
            <Stack gap={2} mb="sm">
              {detail.data.members.length === 0 && <Text size="sm" c="dimmed">No member.</Text>}
              {detail.data.members.map((m) => (
                <Group key={m} justify="space-between">
                  <Anchor component={Link} to={`/people/${encodeURIComponent(m)}`}>{m}</Anchor>
                  {canChange && detail.data!.group.source === 'local' && (
                    <Button size="compact-xs" variant="subtle" color="red"
                      onClick={() => run(() => api.delete(`${path}/members/${encodeURIComponent(m)}`))}>Remove</Button>
                  )}
                </Group>
              ))}
            </Stack>
            {canChange && detail.data.group.source === 'local' && (
              <form onSubmit={(e: FormEvent) => { e.preventDefault(); run(() => api.put(`${path}/members/${encodeURIComponent(member)}`)); }}>
                <Group align="flex-end" mb="md">
                  <TextInput label="Add a person" value={member} onChange={(e) => setMember(e.currentTarget.value)}
                    error={errors.fields.username} />
                  <Button type="submit" variant="default">Add</Button>
                </Group>
              </form>
            )}
            {canChange && (
              <form onSubmit={(e: FormEvent) => { e.preventDefault(); run(() => api.put(`${path}/blueprint`, { blueprint, precedence })); }}>
                <Group align="flex-end">
                  <Select label="Blueprint" data={(blueprints.data?.blueprints ?? []).map((b) => b.name)} value={blueprint}
                    onChange={setBlueprint} error={errors.fields.blueprint} />
                  <NumberInput label="Precedence" value={precedence} onChange={setPrecedence} w={120}
                    error={errors.fields.precedence} />
                  <Button type="submit" variant="default">Attach</Button>
                </Group>
              </form>
            )}
            <ErrorAlert error={errors.general} />
          </Card>
        )}
      </SimpleGrid>
    </>
  );
}
