import { Notice, PageHeader } from '../../components/ui'

// Placeholder until this screen is built (issue 4); routed so the shell is complete.
export function TrafficPage(): React.JSX.Element {
  return (
    <>
      <PageHeader title="TrafficPage" />
      <Notice title="Not built yet">This screen is being built.</Notice>
    </>
  )
}
