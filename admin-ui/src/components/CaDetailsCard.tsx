import { Card, Code, Table, Text } from '@mantine/core';
import type { CaDetails } from '../api/types';
import { formatTime } from './Common';

/** The organisation CA's certificate, as the server shows it back. */
export function CaDetailsCard({ ca }: { ca: CaDetails }) {
  return (
    <Card withBorder aria-label="Organisation CA certificate">
      <Text fw={600} mb="xs">Organisation CA certificate</Text>
      <Table variant="vertical" layout="fixed" withTableBorder={false}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={140}>Subject</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{ca.subject}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Key id</Table.Th>
            <Table.Td><Code style={{ overflowWrap: 'anywhere' }}>{ca.caKeyId}</Code></Table.Td>
          </Table.Tr>
          {ca.serial && (
            <Table.Tr>
              <Table.Th>Serial</Table.Th>
              <Table.Td><Code style={{ overflowWrap: 'anywhere' }}>{ca.serial}</Code></Table.Td>
            </Table.Tr>
          )}
          {ca.notBefore && (
            <Table.Tr>
              <Table.Th>Valid from</Table.Th>
              <Table.Td>{formatTime(ca.notBefore)}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>Valid until</Table.Th>
            <Table.Td>{formatTime(ca.notAfter)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Card>
  );
}
