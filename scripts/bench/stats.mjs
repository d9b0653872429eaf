// Small statistics the load scripts share.

/** The p-th percentile (0-100) of an ascending array; NaN when empty. */
export function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** p50 / p95 / p99 / max of a list of numbers (any order), rounded to 0.1. */
export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort()
  const r = (x) => Math.round(x * 10) / 10
  return { count: sorted.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), p99: r(percentile(sorted, 99)), max: r(sorted.at(-1) ?? NaN) }
}
