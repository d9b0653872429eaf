import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Badge, Button, Card, EmptyState, Notice, PageHeader, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { RouteLink } from '../../components/directory-ui'
import { Disclosure, SimErrorNotice, statusTone } from '../../components/sim-ui'
import { ExchangeList } from '../../components/exchange-list'
import type { OnDemandResultView } from '../../lib/sim-types'
import { OnDemandSteps, actionLabel } from './OnDemandSteps'
import { SimGroupPicker, SimUserPicker, type PickedSource } from '../../components/source-picker'

/** Section 9: "For groups, one group with up to 5 members". */
export const MAX_MEMBERS = 5

type Kind = 'user' | 'group'

/** `?user=<objectId>` or `?group=<objectId>` in the route: another screen asked for this subject. */
function requestedSubject(path: string): { kind: Kind; objectId: string } | null {
  const query = new URLSearchParams(path.split('?')[1] ?? '')
  const user = query.get('user')
  if (user) return { kind: 'user', objectId: user }
  const group = query.get('group')
  return group ? { kind: 'group', objectId: group } : null
}

/**
 * Provision on demand (azure-ad-provisioning.md section 9): one user, or one group with up to 5
 * of its members, provisioned now through the job's own code paths; the result is Entra's step
 * list with each step's details, the action performed and the HTTP exchanges behind it.
 */
export function OnDemandPage(): React.JSX.Element {
  const path = useRouter((s) => s.path)
  const navigate = useRouter((s) => s.navigate)
  const requested = requestedSubject(path)
  const [kind, setKind] = useState<Kind>(requested?.kind ?? 'user')
  const [user, setUser] = useState<PickedSource>()
  const [group, setGroup] = useState<PickedSource>()
  const [memberIds, setMemberIds] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()
  const [result, setResult] = useState<OnDemandResultView>()

  // a subject asked for by another screen (Resulting user state, assignments): fill the picker once
  const requestedUser = useConsoleQuery(
    'sim.users.get',
    { objectId: requested?.kind === 'user' ? requested.objectId : '-' },
    { enabled: requested?.kind === 'user' },
  )
  useEffect(() => {
    const u = requestedUser.data?.user
    if (u) {
      setKind('user')
      setUser({ objectId: u.objectId, displayName: u.displayName || u.userPrincipalName, secondary: u.userPrincipalName })
    }
  }, [requestedUser.data])

  const groupId = kind === 'group' ? (group?.objectId ?? (requested?.kind === 'group' ? requested.objectId : undefined)) : undefined
  const groupDetail = useConsoleQuery('sim.groups.get', { objectId: groupId ?? '-' }, { enabled: groupId !== undefined })
  useEffect(() => {
    const g = groupDetail.data?.group
    if (g && !group && requested?.kind === 'group') setGroup({ objectId: g.objectId, displayName: g.displayName, secondary: g.mailNickname })
  }, [groupDetail.data, group, requested?.kind])

  const subjectChosen = kind === 'user' ? user !== undefined : group !== undefined
  const canProvision = subjectChosen && !busy

  const provision = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const input = kind === 'user' ? { userId: user!.objectId } : { groupId: group!.objectId, memberIds }
    const answer = await api.call('sim.provisionOnDemand', input)
    setBusy(false)
    if (answer.ok) setResult(answer.value)
    else {
      setError(answer.error)
      setResult(undefined)
    }
  }

  const toggleMember = (id: string, on: boolean): void => setMemberIds((ids) => (on ? [...ids, id].slice(0, MAX_MEMBERS) : ids.filter((m) => m !== id)))

  return (
    <>
      <PageHeader
        title="Provision on demand"
        description="Provision one user, or one group with up to 5 of its members, now: the same steps the next cycle would take, shown as Entra ID shows them."
      />
      <Card title="Select a user or group" description="Disabled or deleted users cannot be found. Nested groups are not supported.">
        <fieldset className="choice-group simx-kind">
          <legend>Provision</legend>
          <div className="row">
            {(['user', 'group'] as const).map((k) => (
              <label key={k} className={`choice${kind === k ? ' is-selected' : ''}`}>
                <input
                  type="radio"
                  name="simx-on-demand-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k)
                    setResult(undefined)
                    setError(undefined)
                  }}
                />
                <span>{k === 'user' ? 'A user' : 'A group and up to 5 members'}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {kind === 'user' ? (
          <div className="field">
            <span className="label">User</span>
            <SimUserPicker value={user} onChange={setUser} label="User to provision" />
          </div>
        ) : (
          <div className="field">
            <span className="label">Group</span>
            <SimGroupPicker
              value={group}
              onChange={(g) => {
                setGroup(g)
                setMemberIds([])
              }}
              label="Group to provision"
            />
          </div>
        )}
        {kind === 'group' && group && (
          <MemberChooser
            loading={groupDetail.loading && !groupDetail.data}
            error={groupDetail.error}
            members={groupDetail.data?.group.objectId === group.objectId ? groupDetail.data.members : []}
            selected={memberIds}
            onToggle={toggleMember}
            onRetry={groupDetail.reload}
          />
        )}
        <div className="row">
          <Button onClick={() => void provision()} disabled={!canProvision} busy={busy}>
            {busy ? 'Provisioning…' : 'Provision'}
          </Button>
          {!subjectChosen && <span className="muted small">Choose a {kind} first.</span>}
        </div>
        {error && <OnDemandErrorNotice error={error} />}
      </Card>
      {busy && !result && <Spinner label="Provisioning on demand" />}
      {!busy && !result && !error && <EmptyState>Choose a user or group and select Provision to see each step Entra ID takes.</EmptyState>}
      {result && <OnDemandResultCard result={result} navigate={navigate} />}
    </>
  )
}

function OnDemandErrorNotice({ error }: { error: ConsoleError }): React.JSX.Element {
  // no answer at all is not a refusal: say the harness is not answering
  if (error.code === 'offline') return <SimErrorNotice error={error} doing="provision on demand" />
  return (
    <Notice tone="error" title="Provision on demand was refused">
      {error.message}
    </Notice>
  )
}

function MemberChooser({
  loading,
  error,
  members,
  selected,
  onToggle,
  onRetry,
}: {
  loading: boolean
  error: ConsoleError | undefined
  members: { objectId: string; displayName: string; userPrincipalName: string; accountEnabled: boolean; softDeleted: boolean }[]
  selected: string[]
  onToggle: (id: string, on: boolean) => void
  onRetry: () => void
}): React.JSX.Element {
  if (error) return <SimErrorNotice error={error} doing="load the group's members" onRetry={onRetry} />
  if (loading) return <Spinner label="Loading members" />
  const full = selected.length >= MAX_MEMBERS
  return (
    <fieldset className="simx-members">
      <legend>
        Members to provision{' '}
        <span className="muted">
          ({selected.length} of at most {MAX_MEMBERS} selected)
        </span>
      </legend>
      {members.length === 0 ? (
        <p className="muted small">This group has no direct members: only the group itself is provisioned.</p>
      ) : (
        <ul className="simx-member-list">
          {members.map((m) => {
            const unavailable = !m.accountEnabled || m.softDeleted
            const checked = selected.includes(m.objectId)
            return (
              <li key={m.objectId}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={unavailable || (full && !checked)}
                    onChange={(e) => onToggle(m.objectId, e.currentTarget.checked)}
                  />
                  <span>{m.displayName || m.userPrincipalName}</span>
                  <span className="muted small">{m.userPrincipalName}</span>
                  {unavailable && <Badge tone="warn">{m.softDeleted ? 'Deleted' : 'Sign-in blocked'}: cannot be found</Badge>}
                </label>
              </li>
            )
          })}
        </ul>
      )}
      {full && <p className="muted small">Provision on demand takes at most {MAX_MEMBERS} members; the next cycle provisions the rest.</p>}
    </fieldset>
  )
}

const ACTION_TONE: Record<string, 'ok' | 'accent' | 'warn' | 'neutral' | 'danger'> = {
  create: 'ok',
  update: 'accent',
  disable: 'warn',
  delete: 'danger',
  skip: 'neutral',
}

/** The banner over the steps: failed, not provisioned (out of scope), nothing to do, or the action that succeeded. */
export function outcomeOf(result: OnDemandResultView): { tone: 'ok' | 'error' | 'warn' | 'info'; title: string; text: string } {
  const failed = result.steps.find((s) => s.status === 'failure')
  // out of scope is the scope step's verdict, not an error: Entra skips the user (section 9 step 3)
  if (failed && /^Determine if .* is in scope$/.test(failed.name))
    return { tone: 'warn', title: 'Not provisioned: out of scope', text: failed.description || 'The object is not in the provisioning scope.' }
  if (failed) return { tone: 'error', title: 'Provisioning failed', text: `${failed.name} failed${failed.description ? `: ${failed.description}` : '.'}` }
  if (result.action === 'skip') return { tone: 'info', title: 'Nothing to do', text: result.steps.at(-1)?.description || 'No change was needed.' }
  return { tone: 'ok', title: 'Provisioned', text: `${actionLabel(result.action)} succeeded.` }
}

function OnDemandResultCard({ result, navigate }: { result: OnDemandResultView; navigate: (path: string) => void }): React.JSX.Element {
  const outcome = outcomeOf(result)
  const exchanges = result.exchanges
  const isUser = result.subject.type === 'User'
  return (
    <Card
      title={
        <span className="row">
          {result.subject.displayName}
          <Badge>{result.subject.type}</Badge>
          <Badge tone={ACTION_TONE[result.action ?? 'skip'] ?? 'neutral'}>Action: {actionLabel(result.action)}</Badge>
        </span>
      }
      description="The steps Entra ID took, in order. A failed step shows its details."
      actions={
        <>
          {result.entry && (
            <Button variant="secondary" size="sm" onClick={() => navigate(`/sim/logs/${encodeURIComponent(result.entry!.id)}`)}>
              Open log entry
            </Button>
          )}
          {isUser && (
            <Button variant="secondary" size="sm" onClick={() => navigate(`/sim/compare/${encodeURIComponent(result.subject.id)}`)}>
              View resulting user state
            </Button>
          )}
        </>
      }
    >
      <Notice tone={outcome.tone} title={outcome.title}>
        {outcome.text}
      </Notice>
      <OnDemandSteps steps={result.steps} label={`Steps for ${result.subject.displayName}`} />
      {result.members.length > 0 && (
        <section className="stack" aria-label="Members">
          <h3 className="simx-subheading">Members ({result.members.length})</h3>
          <ul className="simx-member-results">
            {result.members.map((member) => (
              <li key={member.subject.id}>
                <Disclosure
                  summary={
                    <span className="row">
                      <span
                        className={`simx-dot simx-tone-${statusTone(member.steps.some((s) => s.status === 'failure') ? 'failure' : 'success')}`}
                        aria-hidden="true"
                      />
                      <strong>{member.subject.displayName}</strong>
                      <Badge tone={ACTION_TONE[member.action ?? 'skip'] ?? 'neutral'}>{actionLabel(member.action)}</Badge>
                      {member.steps.some((s) => s.status === 'failure') && <Badge tone="danger">Failed</Badge>}
                    </span>
                  }
                >
                  <OnDemandSteps steps={member.steps} label={`Steps for ${member.subject.displayName}`} />
                  <RouteLink to={`/sim/compare/${encodeURIComponent(member.subject.id)}`} navigate={navigate}>
                    Resulting user state of {member.subject.displayName}
                  </RouteLink>
                </Disclosure>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Disclosure summary={<span>HTTP requests behind this result ({exchanges.length})</span>}>
        <ExchangeList exchanges={exchanges} />
      </Disclosure>
    </Card>
  )
}
