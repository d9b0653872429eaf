import type { ExpressionNode } from './expression-ast'
import { findFunction } from './expression-functions'
import { toText, type ExpressionValue } from './expression-values'

/** Looks up a source attribute by the name written in brackets; undefined = no such attribute (null). */
export type AttributeResolver = (name: string) => ExpressionValue | undefined

const NUMBER = /^-?\d+(?:\.\d+)?$/

/**
 * IIF's comparisons. "If the source attribute used within the IIF function is empty or null, the
 * condition check fails" (reference, IIF known limitations): any comparison with an empty side is
 * false, `<>` included. Equality is case-sensitive, like Switch; ordering is numeric when both
 * sides are numbers, ordinal otherwise.
 */
function compare(operator: string, leftValue: ExpressionValue, rightValue: ExpressionValue): boolean {
  const left = toText(leftValue)
  const right = toText(rightValue)
  if (left === null || right === null || left === '' || right === '') return false
  if (operator === '=') return left === right
  if (operator === '<>') return left !== right
  const order = NUMBER.test(left) && NUMBER.test(right) ? Number(left) - Number(right) : left < right ? -1 : left > right ? 1 : 0
  if (operator === '<') return order < 0
  if (operator === '<=') return order <= 0
  if (operator === '>') return order > 0
  return order >= 0
}

/**
 * Evaluates a parsed expression against one source object. Never throws: a missing attribute,
 * a value of the wrong shape or a pattern refused at evaluation time gives null, which the
 * mapping evaluator leaves out of the request (azure-ad-provisioning.md section 5.3).
 */
export function evaluateExpression(node: ExpressionNode, resolve: AttributeResolver): ExpressionValue {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value
    case 'empty':
      return null
    case 'attribute':
      return resolve(node.name) ?? null
    case 'compare':
      return compare(node.operator, evaluateExpression(node.left, resolve), evaluateExpression(node.right, resolve))
    case 'call': {
      const fn = findFunction(node.name)
      if (!fn) return null
      return fn.evaluate(
        node.args.map((arg) => evaluateExpression(arg, resolve)),
        node.args,
      )
    }
  }
}
