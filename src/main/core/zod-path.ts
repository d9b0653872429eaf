// formatZodPath is the contract's (src/shared/zod-path.ts), since the scenario file's schemas moved there; kept for api/console-error.ts
export { formatZodPath } from '../../shared/zod-path'
