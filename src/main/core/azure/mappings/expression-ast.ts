/**
 * The parsed form of an Entra attribute-mapping expression (functions-for-customizing-
 * application-data.md, "Syntax overview"). Plain JSON with source offsets, so the console can
 * point at a part of the text.
 */

/** IIF's comparison operators (functions-for-customizing-application-data.md, IIF). */
export type CompareOperator = '=' | '<>' | '<' | '<=' | '>' | '>='

interface Span {
  /** 0-based offset of the first character. */
  start: number
  /** 0-based offset just past the last character. */
  end: number
}

export type ExpressionNode =
  | (Span & { kind: 'call'; name: string; args: ExpressionNode[] })
  | (Span & { kind: 'attribute'; name: string })
  | (Span & { kind: 'string'; value: string })
  /** Bare integers, as in `Left([givenName], 3)` and `Join("", 1000, ...)`; kept as text, Entra being string-typed. */
  | (Span & { kind: 'number'; value: string })
  /** An argument left empty, as in `Switch([IsSoftDeleted], , ...)`: the null value. */
  | (Span & { kind: 'empty' })
  | (Span & { kind: 'compare'; operator: CompareOperator; left: ExpressionNode; right: ExpressionNode })

export type CallNode = Extract<ExpressionNode, { kind: 'call' }>

/** The source attributes an expression reads, in order of first use (for the console's checks). */
export function referencedAttributes(node: ExpressionNode): string[] {
  const names: string[] = []
  const visit = (n: ExpressionNode): void => {
    if (n.kind === 'attribute') {
      if (!names.includes(n.name)) names.push(n.name)
    } else if (n.kind === 'call') {
      n.args.forEach(visit)
    } else if (n.kind === 'compare') {
      visit(n.left)
      visit(n.right)
    }
  }
  visit(node)
  return names
}
