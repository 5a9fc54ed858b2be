import { Anchor, Button, Card, Code, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CaDetails, CrlPublication, Device } from '../api/types';
import { useLoad } from '../api/useLoad';
import { ErrorAlert, formatTime, Loading, PageTitle, StatusBadge } from '../components/Common';
import { useSession } from '../session/Session';

function DeviceTable({ devices, label }: { devices: Device[]; label: string }) {
  if (devices.length === 0) return <Text c="dimmed" size="sm">None.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr><Table.Th>Person</Table.Th><Table.Th>Device</Table.Th><Table.Th>Status</Table.Th><Table.Th>Expires</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((d) => (
            <Table.Tr key={d.deviceId}>
              <Table.Td>{d.username}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/people/${encodeURIComponent(d.username)}/devices/${d.deviceId}`}>
                  {d.name || d.deviceId.slice(0, 12)}
                </Anchor>
              </Table.Td>
              <Table.Td><StatusBadge status={d.status} /></Table.Td>
              <Table.Td>{formatTime(d.expiresAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The organisation CA's CRLs and their history, what expires soon, and devices whose peers cannot see a revocation. */
export function RevocationPage() {
  const { api } = useSession();
  const [days, setDays] = useState<number | string>(30);
  const ca = useLoad(() => api.get<CaDetails>('/api/setup/ca'), [api]);
  const crls = useLoad(() => (ca.data ? api.get<CrlPublication[]>('/api/audit/crls', { issuer: ca.data.caKeyId })
    : Promise.resolve([])), [api, ca.data?.caKeyId]);
  const expiring = useLoad(() => api.get<Device[]>('/api/admin/devices', { expiringWithinDays: Number(days) || 0 }),
    [api, days]);
  const lacking = useLoad(() => api.get<Device[]>('/api/admin/devices', { lackingOcsp: true }), [api]);

  return (
    <>
      <PageTitle>Revocation</PageTitle>
      <Card withBorder mb="lg">
        <Title order={3} size="h4" mb="xs">Organisation CA's CRL</Title>
        <ErrorAlert error={ca.error} />
        {ca.data && (
          <>
            <Text size="sm" mb="xs">
              Revoked account certificates, at <Code>/api/crl/{ca.data.caKeyId}</Code> (DER, or <Code>.pem</Code>).
              Each account's own CRL, of its revoked devices, is at <Code>/api/crl/&lt;Jami ID&gt;</Code>.
            </Text>
            <Group mb="sm">
              <Button component="a" variant="default" href={`/api/crl/${ca.data.caKeyId}.pem`} download>
                Download the current CRL (PEM)
              </Button>
            </Group>
          </>
        )}
        <Text fw={600} size="sm">Published CRLs, newest first</Text>
        <ErrorAlert error={crls.error} />
        {crls.data && crls.data.length === 0 && <Text size="sm" c="dimmed">None published yet: one is published when first fetched.</Text>}
        {crls.data && crls.data.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Published CRLs">
              <Table.Thead>
                <Table.Tr><Table.Th>Number</Table.Th><Table.Th>Issued</Table.Th><Table.Th>Valid until</Table.Th><Table.Th>Entries</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {crls.data.slice(0, 20).map((c) => (
                  <Table.Tr key={String(c.number)}>
                    <Table.Td>{String(c.number)}</Table.Td>
                    <Table.Td>{formatTime(c.thisUpdate)}</Table.Td>
                    <Table.Td>{formatTime(c.nextUpdate)}</Table.Td>
                    <Table.Td>{c.entries}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Title order={3} size="h4" mb="xs">Expiring soon</Title>
      <NumberInput label="Within (days)" min={0} max={3650} value={days} onChange={setDays} maw={200} mb="sm" />
      <ErrorAlert error={expiring.error} />
      {expiring.data ? <DeviceTable devices={expiring.data} label="Devices expiring soon" /> : <Loading />}
      <Title order={3} size="h4" mt="lg" mb="xs">Devices whose peers cannot see a revocation</Title>
      <Text size="sm" mb="xs">Enrolled before the public URL was set, their certificates name no OCSP responder: they need to enroll again.</Text>
      <ErrorAlert error={lacking.error} />
      {lacking.data ? <DeviceTable devices={lacking.data} label="Devices naming no OCSP responder" /> : <Loading />}
    </>
  );
}
