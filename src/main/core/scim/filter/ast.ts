/**
 * The filter syntax tree. Its shape is deliberately the one scim2-parse-filter 0.2.10 produces
 * (`op`, `attrPath`, `compValue`, `valFilter`, `filters`, `filter`), so the library stays usable
 * as a differential oracle in tests and anyone who knows it can read ours. One difference:
 * Entra's `emails[type eq "work"].value eq "x"` becomes a value path whose inner filter is
 * `type eq "work" and value eq "x"` (both conditions on the SAME element), where the library
 * emits an `and` across possibly different elements.
 */

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'
export type FilterLiteral = string | number | boolean | null

export interface CompareNode {
  op: CompareOperator
  attrPath: string
  compValue: FilterLiteral
}

export interface PresentNode {
  op: 'pr'
  attrPath: string
}

export interface LogicalNode {
  op: 'and' | 'or'
  /** Two or more operands; a chain `a and b and c` is one node, a parenthesised group is its own node. */
  filters: FilterNode[]
}

export interface NotNode {
  op: 'not'
  filter: FilterNode
}

/** `emails[type eq "work"]`: the inner paths are sub-attributes of `attrPath`. */
export interface ValuePathNode {
  op: '[]'
  attrPath: string
  valFilter: FilterNode
}

export type FilterNode = CompareNode | PresentNode | LogicalNode | NotNode | ValuePathNode

export const COMPARE_OPERATORS: readonly CompareOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']

export function isCompareOperator(word: string): word is CompareOperator {
  return (COMPARE_OPERATORS as readonly string[]).includes(word)
}
