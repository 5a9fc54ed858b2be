import { Anchor, Button, Group, Pagination, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UserPage } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ErrorAlert, Loading, PageTitle, StatusBadge } from '../../components/Common';
import { useSession } from '../../session/Session';
import { CreatePersonModal } from './CreatePersonModal';

const PAGE_SIZE = 20;

/** Everyone known here (and, with a directory, its matches), searched and paged by the server. */
export function PeoplePage() {
  const { api, canChange } = useSession();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 300);
  const [page, setPage] = useState(0);
  const [creating, { open, close }] = useDisclosure(false);
  const people = useLoad(() => api.get<UserPage>('/api/admin/users', { q: query, page, size: PAGE_SIZE }),
    [api, query, page]);
  const pages = people.data ? Math.max(1, Math.ceil(people.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageTitle actions={canChange && <Button onClick={open}>New person</Button>}>People</PageTitle>
      <TextInput label="Search people" placeholder="Name or username" leftSection={<IconSearch size={16} aria-hidden />}
        value={text} onChange={(e) => { setText(e.currentTarget.value); setPage(0); }} maw={420} mb="md" />
      <ErrorAlert error={people.error} />
      {people.loading && !people.data ? <Loading /> : people.data && (
        <>
          <Text size="sm" c="dimmed" mb="xs" role="status">
            {people.data.total === 0 ? 'No one matches.'
              : `${people.data.totalExact === false ? 'At least ' : ''}${people.data.total} `
                + `${people.data.total === 1 ? 'person' : 'people'}`}
          </Text>
          <Table.ScrollContainer minWidth={520}>
            <Table striped highlightOnHover aria-label="People">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Username</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.data.users.map((person) => (
                  <Table.Tr key={person.username}>
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${encodeURIComponent(person.username)}`}>
                        {person.username}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{person.displayName}</Table.Td>
                    <Table.Td>{person.source}</Table.Td>
                    <Table.Td><StatusBadge status={person.status} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Group justify="center" mt="md">
              <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
            </Group>
          )}
        </>
      )}
      <CreatePersonModal opened={creating} onClose={close} onCreated={() => { close(); people.reload(); }} />
    </>
  );
}
