/**
 * A zod issue's path as a person and a form read it: `calRules[2].matchingText`,
 * `users[3].managerId`. Refusals name their field this way everywhere (settings, directory,
 * console input), so the console can put the message beside the right control.
 */
export function formatZodPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('')
}
