import { Alert, Badge, Center, Loader, Stack, Title, type BadgeProps } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <Stack gap={4} mb="md">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
        <Title order={2}>{children}</Title>
        {actions}
      </div>
    </Stack>
  );
}

export function ErrorAlert({ error, title = 'Something went wrong' }: { error?: ApiError | string; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" title={title} icon={<IconAlertCircle aria-hidden />} role="alert" my="sm">
      {typeof error === 'string' ? error : error.message}
    </Alert>
  );
}

export function Loading() {
  return (
    <Center p="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

const STATUS_COLOURS: Record<string, string> = {
  ACTIVE: 'green',
  REVOKED: 'red',
  EXPIRED: 'orange',
  DISABLED: 'gray',
  NOT_REGISTERED: 'blue',
  NOT_YET_ENROLLED: 'gray',
};

export function StatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray'} variant="light" {...props}>
      {status.replaceAll('_', ' ').toLowerCase()}
    </Badge>
  );
}

/** A moment as people read it, in UTC (what the server and its history use). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
