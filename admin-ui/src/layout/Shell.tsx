import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCertificateOff, IconClockHour4, IconHistory, IconHome, IconSettings, IconTemplate, IconUsers, IconUsersGroup,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Common';
import { useSession } from '../session/Session';

const PAGES = [
  { to: '/', label: 'Dashboard', icon: IconHome },
  { to: '/people', label: 'People', icon: IconUsers },
  { to: '/groups', label: 'Groups', icon: IconUsersGroup },
  { to: '/blueprints', label: 'Blueprints', icon: IconTemplate },
  { to: '/revocation', label: 'Revocation', icon: IconCertificateOff },
  { to: '/history', label: 'History', icon: IconHistory },
  { to: '/as-of', label: 'As of a moment', icon: IconClockHour4 },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

export function Shell() {
  const { user, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md">
      <a className="skip-link" href="#content">Skip to content</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4">JAMS admin</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs">{user?.username}</Text>
            <Badge color={user?.scope === 'ADMIN' ? 'blue' : 'grape'} variant="light">
              {user?.scope === 'ADMIN' ? 'Admin' : 'Auditor (read only)'}
            </Badge>
            <Button variant="default" size="xs" onClick={() => signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {PAGES.map(({ to, label, icon: Icon }) => (
          <NavLink key={to} component={RouterLink} to={to} label={label} onClick={close} variant="light"
            leftSection={<Icon size={18} aria-hidden />}
            active={to === '/' ? location.pathname === '/' : location.pathname.startsWith(to)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="content" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
