import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { Api } from './api/client';
import type { SetupStatus } from './api/types';
import { useLoad } from './api/useLoad';
import { Shell } from './layout/Shell';
import { AsOfPage } from './pages/history/AsOfPage';
import { DashboardPage } from './pages/DashboardPage';
import { DevicePage } from './pages/people/DevicePage';
import { GroupsPage } from './pages/policy/GroupsPage';
import { BlueprintsPage } from './pages/policy/BlueprintsPage';
import { HistoryPage } from './pages/history/HistoryPage';
import { LoginPage } from './pages/LoginPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { PersonPage } from './pages/people/PersonPage';
import { RevocationPage } from './pages/RevocationPage';
import { SettingsPage } from './pages/SettingsPage';
import { ServerUnreachable } from './pages/ServerUnreachable';
import { SetupWizard } from './pages/setup/SetupWizard';
import { useSession } from './session/Session';

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
      <Routes>
        <Route path="/setup" element={<SetupWizard status={status.data} onFinished={status.reload} />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
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
  );
}
