import { useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Button } from '../../components/ui'
import { api } from '../../lib/api'
import { useToasts } from '../../stores/toast-store'
import { ConfirmDialog } from '../../components/sim-ui'
import { UserDialog } from './UserDialog'

type Lifecycle = 'blockSignIn' | 'unblockSignIn' | 'softDelete' | 'restore' | 'hardDelete'

const DONE: Record<Lifecycle, string> = {
  blockSignIn: 'Sign-in blocked',
  unblockSignIn: 'Sign-in unblocked',
  softDelete: 'Deleted (soft): restorable from Deleted users',
  restore: 'Restored',
  hardDelete: 'Permanently deleted',
}

/**
 * What can be done to one user of the simulated tenant, as Entra offers it: Edit, Block or
 * Unblock sign-in, Delete (soft: Entra keeps it 30 days in Deleted users), Restore, and Delete
 * permanently (after a confirmation). Used in the table rows and on the user's page.
 */
export function UserActions({
  user,
  size = 'md',
  onChanged,
}: {
  user: { objectId: string; displayName: string; accountEnabled: boolean; softDeleted: boolean }
  size?: 'sm' | 'md'
  /** After a change; `deleted` when the user no longer exists. */
  onChanged: (change: { deleted: boolean }) => void
}): React.JSX.Element {
  const [editing, setEditing] = useState(false)
  const [confirmHard, setConfirmHard] = useState(false)
  const [busy, setBusy] = useState<Lifecycle>()
  const toast = useToasts((s) => s.show)
  const name = user.displayName || user.objectId

  const run = async (action: Lifecycle): Promise<ConsoleError | undefined> => {
    setBusy(action)
    const result = await api.call('sim.users.lifecycle', { objectId: user.objectId, action })
    setBusy(undefined)
    if (!result.ok) {
      if (action !== 'hardDelete') toast(`${name}: ${result.error.message}`, 'error')
      return result.error
    }
    toast(`${name}: ${DONE[action]}`)
    onChanged({ deleted: action === 'hardDelete' })
    return undefined
  }

  const variant = size === 'sm' ? 'ghost' : 'secondary'
  return (
    <span className="row sim-user-actions">
      {!user.softDeleted && (
        <Button variant={variant} size={size} onClick={() => setEditing(true)} aria-label={size === 'sm' ? `Edit ${name}` : undefined}>
          Edit
        </Button>
      )}
      {!user.softDeleted && (
        <Button
          variant={variant}
          size={size}
          busy={busy === 'blockSignIn' || busy === 'unblockSignIn'}
          onClick={() => void run(user.accountEnabled ? 'blockSignIn' : 'unblockSignIn')}
          aria-label={size === 'sm' ? `${user.accountEnabled ? 'Block sign-in for' : 'Unblock sign-in for'} ${name}` : undefined}
        >
          {user.accountEnabled ? 'Block sign-in' : 'Unblock sign-in'}
        </Button>
      )}
      {user.softDeleted ? (
        <Button
          variant={variant}
          size={size}
          busy={busy === 'restore'}
          onClick={() => void run('restore')}
          aria-label={size === 'sm' ? `Restore ${name}` : undefined}
        >
          Restore
        </Button>
      ) : (
        <Button
          variant={variant}
          size={size}
          className="btn-danger-text"
          busy={busy === 'softDelete'}
          onClick={() => void run('softDelete')}
          aria-label={size === 'sm' ? `Delete ${name}` : undefined}
        >
          Delete
        </Button>
      )}
      {(user.softDeleted || size === 'md') && (
        <Button
          variant={variant}
          size={size}
          className="btn-danger-text"
          onClick={() => setConfirmHard(true)}
          aria-label={size === 'sm' ? `Delete ${name} permanently` : undefined}
        >
          Delete permanently
        </Button>
      )}
      {editing && (
        <UserDialog
          objectId={user.objectId}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false)
            toast(`${name}: saved`)
            onChanged({ deleted: false })
          }}
        />
      )}
      {confirmHard && (
        <ConfirmDialog
          title="Delete permanently?"
          confirmLabel="Delete permanently"
          danger
          onConfirm={() => run('hardDelete')}
          onClose={() => setConfirmHard(false)}
        >
          <p>
            <strong>{name}</strong> is removed from the simulated tenant for good: it cannot be restored.
          </p>
          <p className="muted">
            If the job provisioned this user, its next cycle sends <code>DELETE /Users/&#123;id&#125;</code> to the target (when the Delete target action is
            on). A soft delete sends a disable instead.
          </p>
        </ConfirmDialog>
      )}
    </span>
  )
}
