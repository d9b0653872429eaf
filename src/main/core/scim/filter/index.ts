/**
 * SCIM filters (RFC 7644 section 3.4.2.2): parse once, compile against a resource type's schema,
 * evaluate many times; plan which store index narrows the candidates.
 */
export type { CompareNode, CompareOperator, FilterLiteral, FilterNode, LogicalNode, NotNode, PresentNode, ValuePathNode } from './ast'
export { parseFilter, MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './parser'
export { compileFilter, type FilterPredicate } from './compile'
export { planFilter, type FilterPlan, type IndexedAttribute, type IndexLookup } from './plan'
export {
  FILTER_LITERAL_AS_TEXT,
  FILTER_NOT_WITHOUT_PARENTHESES,
  FILTER_QUOTED_BOOLEAN,
  FILTER_RULES,
  FILTER_UNQUALIFIED_EXTENSION_ATTRIBUTE,
  FILTER_UNQUOTED_VALUE,
  FILTER_VALUE_PATH_SUB_ATTRIBUTE,
} from './rules'
