import { Anchor, Center, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SetupStatus } from '../../api/types';
import { useSession } from '../../session/Session';
import { AdminStep } from './AdminStep';
import { CaStep } from './CaStep';
import { DirectoryStep } from './DirectoryStep';
import { SettingsStep } from './SettingsStep';

/** The first run, in JAMS's four steps: admin account, CA, user source, server parameters; then the sign-in. */
export function SetupWizard({ status, onFinished }: { status: SetupStatus; onFinished(): void }) {
  const { user, signOut } = useSession();
  const firstOpen = !user ? 0 : !status.ca ? 1 : !status.directory ? 2 : 3;
  const [active, setActive] = useState(firstOpen);

  function finish() {
    signOut();
    onFinished();
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={760}>
        <Stack>
          <div>
            <Title order={1} size="h3">Set up JAMS</Title>
            <Text c="dimmed" size="sm">Four steps; every change is recorded in the server's history.</Text>
          </div>
          <Stepper active={active} size="sm" allowNextStepsSelect={false} onStepClick={setActive}>
            <Stepper.Step label="Admin" description="Your account">
              <AdminStep adminExists={status.admin} onDone={() => setActive(status.ca ? (status.directory ? 3 : 2) : 1)} />
            </Stepper.Step>
            <Stepper.Step label="Certificate authority" description="Generate or import">
              <CaStep existing={status.ca} onDone={() => setActive(status.directory ? 3 : 2)} />
            </Stepper.Step>
            <Stepper.Step label="User source" description="Local, LDAP or AD">
              <DirectoryStep existing={status.directory} onDone={() => setActive(3)} />
            </Stepper.Step>
            <Stepper.Step label="Server" description="Lifetimes and address">
              <SettingsStep onDone={() => setActive(4)} />
            </Stepper.Step>
            <Stepper.Completed>
              <Stack align="flex-start">
                <Title order={2} size="h4">The server is set up</Title>
                <Text>Sign in with the admin account you created to manage people and devices.</Text>
                <Anchor component="button" type="button" onClick={finish}>Continue to sign in</Anchor>
              </Stack>
            </Stepper.Completed>
          </Stepper>
        </Stack>
      </Paper>
    </Center>
  );
}
