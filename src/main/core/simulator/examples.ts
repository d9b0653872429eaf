import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseScenarioText, type Scenario } from '../azure/scenarios'
import { findResource, type ResourceRoots } from '../app-resources'

/**
 * The example scenarios shipped with the app (resources/scenarios), wherever the harness runs:
 * see app-resources.ts. Undefined when no copy is found (the console then lists none).
 */
export function examplesFolder(roots?: ResourceRoots): string | undefined {
  return findResource('scenarios', roots)
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
