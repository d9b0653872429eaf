import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseScenarioText, type Scenario } from '../azure/scenarios'

/*
 * The example scenarios shipped with the app (resources/scenarios). Where they are depends on how
 * the harness runs: the packaged app has them in process.resourcesPath/scenarios
 * (electron-builder.yml extraResources), the built CLI and app two folders up from out/main, and
 * the sources (tests, dev) four folders up from src/main/core/simulator.
 */

export function examplesFolder(): string | undefined {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  const candidates = [
    ...(resourcesPath ? [join(resourcesPath, 'scenarios')] : []),
    join(__dirname, '..', '..', 'resources', 'scenarios'),
    join(__dirname, '..', '..', '..', '..', 'resources', 'scenarios'),
    join(process.cwd(), 'resources', 'scenarios'),
  ]
  return candidates.find((dir) => existsSync(dir))
}

export interface ExampleSummary {
  name: string
  title: string
  description: string
}

/** The examples in a folder, by file name; files that do not parse are left out (the unit tests keep them green). */
export async function listExamples(dir: string | undefined): Promise<ExampleSummary[]> {
  if (!dir) return []
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const examples: ExampleSummary[] = []
  for (const file of files) {
    try {
      const scenario = parseScenarioText(await readFile(join(dir, file), 'utf8'))
      examples.push({ name: file.slice(0, -'.json'.length), title: scenario.name, description: scenario.description ?? '' })
    } catch {
      // a broken example is a packaging bug, caught by test/unit/azure-scenario-examples.test.ts
    }
  }
  return examples
}

/** One example by name (its file name without .json); undefined when there is none. */
export async function readExample(dir: string | undefined, name: string): Promise<Scenario | undefined> {
  if (!dir || !/^[A-Za-z0-9._-]+$/.test(name)) return undefined
  const file = join(dir, `${name}.json`)
  if (!existsSync(file)) return undefined
  return parseScenarioText(await readFile(file, 'utf8'))
}
