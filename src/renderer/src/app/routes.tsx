import type { ReactNode } from 'react'
import { DashboardPage } from '../features/dashboard/DashboardPage'
import { GeneralSettingsPage } from '../features/portal/GeneralSettingsPage'
import { ProvisioningPage } from '../features/provisioning/ProvisioningPage'
import { UsersPage } from '../features/users/UsersPage'
import { UserDetailPage } from '../features/users/UserDetailPage'
import { GroupsPage } from '../features/groups/GroupsPage'
import { GroupDetailPage } from '../features/groups/GroupDetailPage'
import { TrafficPage } from '../features/traffic/TrafficPage'
import { PublicUrlPage } from '../features/public-url/PublicUrlPage'
import { WorkspacesPage } from '../features/workspaces/WorkspacesPage'
import { DirectoryPage } from '../features/sim-directory/DirectoryPage'
import { SimUserPage } from '../features/sim-directory/SimUserPage'
import { SimGroupPage } from '../features/sim-directory/SimGroupPage'
import { AppPage } from '../features/sim-app/AppPage'
import { AssignmentsPage } from '../features/sim-assignments/AssignmentsPage'
import { OnDemandPage } from '../features/sim-on-demand/OnDemandPage'
import { LogsPage } from '../features/sim-logs/LogsPage'
import { ScenariosPage } from '../features/sim-scenarios/ScenariosPage'
import { ComparePage } from '../features/sim-compare/ComparePage'

/** Every screen, its place in the navigation and its breadcrumb. Order is the sidebar's order. */
export interface RouteDef {
  pattern: string
  /** Sidebar section and label; detail screens have none. */
  nav?: { section: string; label: string }
  crumbs: string[]
  render(params: Record<string, string>): ReactNode
}

export const ROUTES: RouteDef[] = [
  { pattern: '/dashboard', nav: { section: 'Overview', label: 'Dashboard' }, crumbs: ['Dashboard'], render: () => <DashboardPage /> },
  { pattern: '/traffic', nav: { section: 'Overview', label: 'Traffic' }, crumbs: ['Traffic'], render: () => <TrafficPage /> },
  { pattern: '/users', nav: { section: 'Directory', label: 'Users' }, crumbs: ['Users'], render: () => <UsersPage /> },
  { pattern: '/users/:id', crumbs: ['Users', 'User'], render: (p) => <UserDetailPage id={p.id} /> },
  { pattern: '/groups', nav: { section: 'Directory', label: 'Groups' }, crumbs: ['Groups'], render: () => <GroupsPage /> },
  { pattern: '/groups/:id', crumbs: ['Groups', 'Group'], render: (p) => <GroupDetailPage id={p.id} /> },
  {
    pattern: '/settings/provisioning',
    nav: { section: 'Portal Settings', label: 'Apps › Provisioning' },
    crumbs: ['Portal Settings', 'Apps', 'Provisioning'],
    render: () => <ProvisioningPage />,
  },
  {
    pattern: '/settings/general',
    nav: { section: 'Portal Settings', label: 'General' },
    crumbs: ['Portal Settings', 'General'],
    render: () => <GeneralSettingsPage />,
  },
  {
    pattern: '/sim/directory',
    nav: { section: 'Simulated Entra ID', label: 'Directory' },
    crumbs: ['Simulated Entra ID', 'Directory'],
    render: () => <DirectoryPage />,
  },
  { pattern: '/sim/directory/users/:id', crumbs: ['Simulated Entra ID', 'Directory', 'User'], render: (p) => <SimUserPage id={p.id} /> },
  { pattern: '/sim/directory/groups/:id', crumbs: ['Simulated Entra ID', 'Directory', 'Group'], render: (p) => <SimGroupPage id={p.id} /> },
  {
    pattern: '/sim/app',
    nav: { section: 'Simulated Entra ID', label: 'Enterprise app' },
    crumbs: ['Simulated Entra ID', 'Enterprise app', 'Provisioning'],
    render: () => <AppPage />,
  },
  {
    pattern: '/sim/assignments',
    nav: { section: 'Simulated Entra ID', label: 'Users and groups' },
    crumbs: ['Simulated Entra ID', 'Enterprise app', 'Users and groups'],
    render: () => <AssignmentsPage />,
  },
  {
    pattern: '/sim/on-demand',
    nav: { section: 'Simulated Entra ID', label: 'Provision on demand' },
    crumbs: ['Simulated Entra ID', 'Provision on demand'],
    render: () => <OnDemandPage />,
  },
  {
    pattern: '/sim/logs',
    nav: { section: 'Simulated Entra ID', label: 'Provisioning logs' },
    crumbs: ['Simulated Entra ID', 'Provisioning logs'],
    render: () => <LogsPage />,
  },
  { pattern: '/sim/logs/:id', crumbs: ['Simulated Entra ID', 'Provisioning logs', 'Entry'], render: (p) => <LogsPage selectedId={p.id} /> },
  {
    pattern: '/sim/scenarios',
    nav: { section: 'Simulated Entra ID', label: 'Scenarios' },
    crumbs: ['Simulated Entra ID', 'Scenarios'],
    render: () => <ScenariosPage />,
  },
  { pattern: '/sim/compare/:id', crumbs: ['Simulated Entra ID', 'Resulting user state'], render: (p) => <ComparePage objectId={p.id} /> },
  { pattern: '/public-url', nav: { section: 'Connect', label: 'Public URL' }, crumbs: ['Public URL'], render: () => <PublicUrlPage /> },
  { pattern: '/workspaces', nav: { section: 'Connect', label: 'Workspaces' }, crumbs: ['Workspaces'], render: () => <WorkspacesPage /> },
]
