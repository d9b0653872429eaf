import { PageHeader, Tabs } from '../../components/ui'
import { useRouter } from '../../stores/router'
import { useSimState } from '../../stores/sim-store'
import { SimErrorNotice } from '../../components/sim-ui'
import { CredentialsTab } from './CredentialsTab'
import { MappingsTab } from './MappingsTab'
import { OverviewTab } from './OverviewTab'
import { SettingsTab } from './SettingsTab'
import { APP_TABS, appTabOf, appTabPath } from './app-tabs'

/*
 * Enterprise app > Provisioning, as the Entra admin center lays it out: the Overview (Provisioning
 * Status, Start / Stop / Restart provisioning, the current cycle), then the Admin Credentials,
 * Mappings and Settings sections of the provisioning configuration.
 */

export function AppPage(): React.JSX.Element {
  const path = useRouter((s) => s.path)
  const navigate = useRouter((s) => s.navigate)
  const { state, error, reload } = useSimState()
  const tab = appTabOf(path)

  return (
    <>
      <PageHeader
        title="Provisioning"
        description="The simulated Microsoft Entra ID provisioning job: it reads the Directory and the assignments and sends SCIM requests to the Tenant URL, as Entra does."
      />
      {error && !state && <SimErrorNotice error={error} title="Could not load the provisioning job" onRetry={reload} />}
      <Tabs label="Provisioning" value={tab} onChange={(t) => navigate(appTabPath(t))} tabs={APP_TABS} />
      <div role="tabpanel" aria-label={APP_TABS.find((t) => t.id === tab)!.label} className="sim-tabpanel">
        {tab === 'overview' && <OverviewTab />}
        {tab === 'credentials' && <CredentialsTab />}
        {tab === 'mappings' && <MappingsTab />}
        {tab === 'settings' && <SettingsTab />}
      </div>
    </>
  )
}
