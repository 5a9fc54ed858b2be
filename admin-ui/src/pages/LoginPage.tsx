import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../components/Common';
import { useSubmit } from '../api/useSubmit';
import { useSession } from '../session/Session';

export function LoginPage() {
  const { signIn, endedBecause } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, submit: run } = useSubmit(['username', 'password']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => signIn({ username, password }))) navigate('/', { replace: true });
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h3">Sign in to JAMS</Title>
            {endedBecause && <Alert color="yellow" role="status">{endedBecause}</Alert>}
            <TextInput label="Username" autoComplete="username" required value={username}
              onChange={(e) => setUsername(e.currentTarget.value)} error={errors.fields.username} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.currentTarget.value)} error={errors.fields.password} />
            <ErrorAlert error={errors.general} title="Not signed in" />
            <Button type="submit" loading={busy}>Sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
