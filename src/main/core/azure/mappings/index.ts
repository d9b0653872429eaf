/**
 * Attribute mappings of the simulated Entra client: the expression language, Entra's default
 * mapping tables, and the evaluator that turns a source user or group into target values
 * (azure-ad-provisioning.md section 5; functions-for-customizing-application-data.md).
 */
export type { CompareOperator, ExpressionNode } from './expression-ast'
export { referencedAttributes } from './expression-ast'
export { MappingExpressionError, type MappingExpressionErrorCode } from './expression-error'
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression } from './expression-parser'
export { evaluateExpression, type AttributeResolver } from './expression-evaluator'
export { supportedFunctionNames } from './expression-functions'
export type { ExpressionValue } from './expression-values'
export { ACTIVE_EXPRESSION, defaultGroupMappings, defaultUserMappings, legacyGroupMappings, legacyUserMappings } from './default-mappings'
export { attributeMappingListSchema, attributeMappingSchema } from './mapping-schema'
export { evaluateMappings, matchingAttributes, type MappingContext, type MappingEvaluation } from './evaluate-mappings'
export { SOURCE_GROUP_ATTRIBUTES, SOURCE_USER_ATTRIBUTES, sourceAttributeResolver } from './source-attributes'
