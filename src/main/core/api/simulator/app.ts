import { HttpTransport, testConnection } from '../../azure/engine'
import { attributeMappingListSchema } from '../../azure/mappings'
import { canEnable } from '../../portal'
import { PortalService } from '../../services/portal-service'
import { ConsoleRefusal } from '../console-error'
import type { SimulatorHandlersOf, SimulatorScope } from './session'

/*
 * sim.setupBuiltIn, sim.config.*, sim.testConnection: the enterprise app's provisioning
 * settings (Tenant URL, secret token, mappings, scope, options) and its connection test.
 */

const SIMULATED_TOKEN_LABEL = 'Simulated Entra ID'

export function appHandlers({
  ctx,
  session,
}: SimulatorScope): SimulatorHandlersOf<'sim.setupBuiltIn' | 'sim.config.get' | 'sim.config.update' | 'sim.testConnection'> {
  return {
    'sim.setupBuiltIn': async () => {
      const s = await session()
      const portal = new PortalService(ctx.store, ctx.clock)
      const now = ctx.clock?.() ?? new Date()
      const expires = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10)
      const { token } = await portal.createToken(expires, SIMULATED_TOKEN_LABEL)
      const settings = ctx.store.portal
      if (!settings.defaultCal) {
        await portal.updateSettings({ defaultCal: settings.cals.includes('Viewer') ? 'Viewer' : settings.cals[settings.cals.length - 1] })
      }
      if (!ctx.store.portal.scimEnabled && canEnable(ctx.store.portal, [...ctx.store.tokens()], now).ok) await portal.updateSettings({ scimEnabled: true })
      s.setCredentials('', token)
      s.changed()
      return s.state()
    },

    'sim.config.get': async () => (await session()).configView(),
    'sim.config.update': async (patch) => {
      const s = await session()
      const { tenantUrl, token, options, userMappings, groupMappings, ...rest } = patch
      const mappings = {
        ...(userMappings !== undefined && { userMappings: attributeMappingListSchema.parse(userMappings) }),
        ...(groupMappings !== undefined && { groupMappings: attributeMappingListSchema.parse(groupMappings) }),
      }
      const before = s.engine.config
      if (tenantUrl !== undefined || token !== undefined) s.setCredentials(tenantUrl, token)
      s.engine.updateConfig({ ...rest, ...mappings })
      const after = s.engine.config
      // Entra starts a new initial cycle when mappings or scoping change (3.1)
      const restart = ['userMappings', 'groupMappings', 'scope', 'provisionGroups', 'dialect'] as const
      if (restart.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))) s.engine.restart()
      if (options !== undefined && JSON.stringify(options) !== JSON.stringify(s.simulatorOptions)) {
        if (s.schedule.state().running)
          throw new ConsoleRefusal(
            'cycleRunning',
            'A provisioning cycle is running: the other settings were saved, but the options can only change between cycles. Try again when it has finished.',
            'options',
          )
        s.setOptions(options)
      }
      s.changed()
      return s.configView()
    },
    'sim.testConnection': async ({ tenantUrl, token }) => {
      const s = await session()
      const saved = tenantUrl === undefined && token === undefined
      // unsaved credentials are only tried: they neither quarantine the job nor go into the recording
      const result = saved
        ? await s.engine.testConnection()
        : await testConnection(
            {
              ...s.engine.config,
              ...(tenantUrl !== undefined && { tenantUrl: tenantUrl === '' ? s.tenantUrl() : tenantUrl }),
              ...(token !== undefined && { token }),
            },
            new HttpTransport(),
          )
      if (saved) {
        s.recording.record({ action: 'testConnection', expectSuccess: result.success })
        s.changed()
      }
      return result
    },
  }
}
