import { formatSize } from '@shared/console/uploads'
import type { UploadProgress } from '../lib/api'

/*
 * How far a file upload has come (a scenario file, a directory CSV): a 50 MB file over a slow
 * link to a VM takes a while, and a screen that only spins looks stuck.
 */

/** "Uploading 12.3 MB… 45%" while the file goes; then what the harness is doing with it ("Opening the scenario…"). */
export function uploadStatus(progress: UploadProgress, then: string): string {
  if (progress.total <= 0 || progress.sent >= progress.total) return `${then}…`
  return `Uploading ${formatSize(progress.total)}… ${Math.floor((progress.sent / progress.total) * 100)}%`
}

/** The status line and bar of an upload in progress. */
export function UploadProgressView({ progress, then, label }: { progress: UploadProgress; then: string; label: string }): React.JSX.Element {
  const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.sent / progress.total) * 100)) : 100
  return (
    <div className="sim-progress" role="status">
      <p>
        <span className="spinner" aria-hidden="true" /> {uploadStatus(progress, then)}
      </p>
      <div className="sim-progress-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
