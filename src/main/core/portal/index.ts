/** Portal settings, CAL catalogue and rules, API tokens: the VIDIZMO "SCIM Azure AD" app's rules. */
export * from './portal-error'
export * from './tokens'
export * from './rule-paths'
export * from './cal-rules'
export * from './settings'
