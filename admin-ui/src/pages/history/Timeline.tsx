import { Code, Group, Spoiler, Text, Timeline as MantineTimeline } from '@mantine/core';
import { IconCertificate, IconCertificateOff, IconCircleDot, IconLogin, IconSettings } from '@tabler/icons-react';
import type { TrailEntry } from '../../api/types';
import { formatTime } from '../../components/Common';
import { actorName, describe, highlights } from './events';

function icon(type: string) {
  if (type.includes('Revoked') || type.includes('Superseded')) return <IconCertificateOff size={14} aria-hidden />;
  if (type.includes('Issued') || type.includes('Registered')) return <IconCertificate size={14} aria-hidden />;
  if (type.includes('Login') || type.includes('LoggedIn')) return <IconLogin size={14} aria-hidden />;
  if (type.includes('Policy') || type.includes('Blueprint')) return <IconSettings size={14} aria-hidden />;
  return <IconCircleDot size={14} aria-hidden />;
}

/** An audit trail, oldest first: what happened, who did it, when, from where, and the event's data. */
export function Timeline({ entries }: { entries: TrailEntry[] }) {
  if (entries.length === 0) return <Text c="dimmed">Nothing recorded yet.</Text>;
  return (
    <MantineTimeline active={entries.length} bulletSize={24} lineWidth={2} aria-label="Audit timeline">
      {entries.map((entry) => (
        <MantineTimeline.Item key={entry.sequence} bullet={icon(entry.type)}
          color={entry.type.includes('Revoked') ? 'red' : undefined}
          title={describe(entry)} data-event-type={entry.type}>
          <Text size="sm">
            {formatTime(entry.time)} · by {actorName(entry.actor)}
            {entry.source ? ` · from ${entry.source}` : ''}
          </Text>
          {highlights(entry).map(([label, value]) => (
            <Group key={label} gap={6} wrap="nowrap">
              <Text size="sm" fw={600}>{label}:</Text>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{value}</Text>
            </Group>
          ))}
          <Spoiler maxHeight={0} showLabel="Show the event" hideLabel="Hide the event">
            <Code block tabIndex={0} aria-label={`Event ${entry.sequence} as stored`}>{JSON.stringify(entry, null, 2)}</Code>
          </Spoiler>
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  );
}
