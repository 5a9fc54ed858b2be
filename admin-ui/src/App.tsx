import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from './components/Common';
import { Api } from './api/client';
import type { SetupStatus } from './api/types';
import { useLoad } from './api/useLoad';
import { Shell } from './layout/Shell';
import { LoginPage } from './pages/LoginPage';
import { ServerUnreachable } from './pages/ServerUnreachable';
import { useSession } from './session/Session';

// Each page is its own chunk, loaded when first opened: the sign-in page does not wait for the charts.
const AsOfPage = lazy(() => import('./pages/history/AsOfPage').then((m) => ({ default: m.AsOfPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const DevicePage = lazy(() => import('./pages/people/DevicePage').then((m) => ({ default: m.DevicePage })));
const GroupsPage = lazy(() => import('./pages/policy/GroupsPage').then((m) => ({ default: m.GroupsPage })));
const BlueprintsPage = lazy(() => import('./pages/policy/BlueprintsPage').then((m) => ({ default: m.BlueprintsPage })));
const HistoryPage = lazy(() => import('./pages/history/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const PeoplePage = lazy(() => import('./pages/people/PeoplePage').then((m) => ({ default: m.PeoplePage })));
const PersonPage = lazy(() => import('./pages/people/PersonPage').then((m) => ({ default: m.PersonPage })));
const RevocationPage = lazy(() => import('./pages/RevocationPage').then((m) => ({ default: m.RevocationPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const SetupWizard = lazy(() => import('./pages/setup/SetupWizard').then((m) => ({ default: m.SetupWizard })));

/** Routes: the wizard until the server is set up, then the sign-in, then the console. */
export function App() {
  const { user } = useSession();
  const status = useLoad(() => new Api(null).get<SetupStatus>('/api/setup/status'), []);

  if (status.loading && !status.data) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!status.data) return <ServerUnreachable error={status.error} retry={status.reload} />;
  if (!status.data.complete) {
    return (
      <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/setup" element={<SetupWizard status={status.data} onFinished={status.reload} />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
      </Suspense>
    );
  }
  if (!user) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
    <Routes>
      <Route element={<Shell />}>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/people" element={<PeoplePage />} />
        <Route path="/people/:username" element={<PersonPage />} />
        <Route path="/people/:username/devices/:deviceId" element={<DevicePage />} />
        <Route path="/groups" element={<GroupsPage />} />
        <Route path="/blueprints" element={<BlueprintsPage />} />
        <Route path="/revocation" element={<RevocationPage />} />
        <Route path="/history" element={<HistoryPage />} />
        <Route path="/as-of" element={<AsOfPage />} />
        <Route path="/settings" element={<SettingsPage />} />
      </Route>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route path="/setup" element={<Navigate to="/" replace />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
    </Suspense>
  );
}
