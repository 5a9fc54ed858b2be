import { Button, Center, Stack, Text, Title } from '@mantine/core';
import type { ApiError } from '../api/client';

export function ServerUnreachable({ error, retry }: { error?: ApiError; retry(): void }) {
  return (
    <Center h="100vh" p="md">
      <Stack align="center" maw={420}>
        <Title order={1} size="h3">The server does not answer</Title>
        <Text ta="center">{error?.message ?? 'The server could not be reached.'}</Text>
        <Button onClick={retry}>Try again</Button>
      </Stack>
    </Center>
  );
}
