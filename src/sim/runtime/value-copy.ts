// Deep copies of run-time values: replicated, cloned and resubmitted packets get their own
// headers and metadata.

import type { Value } from './abi.js';

export function copyValue<T extends Value>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => copyValue(v)) as T;
  const copy: Record<string, Value> = {};
  for (const key of Object.keys(value)) copy[key] = copyValue((value as Record<string, Value>)[key]!);
  return copy as T;
}
