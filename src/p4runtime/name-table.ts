// A set of P4Info objects of one kind, found by full name, alias or id. Failed lookups
// throw a P4InfoLookupError that names the kind, the scope and the closest names.
import { P4InfoFormatError, P4InfoLookupError, type P4InfoKind } from './errors.js';

export interface Named {
  readonly id: number;
  readonly name: string;
  /** p4c's shortest unique suffix of the name; equal to `name` for members without one. */
  readonly alias: string;
}

export class NameTable<T extends Named> implements Iterable<T> {
  private readonly byName = new Map<string, T>();
  private readonly byId = new Map<number, T>();
  private readonly items: readonly T[];

  constructor(
    readonly kind: P4InfoKind,
    /** Where these objects live (`table MyIngress.t`), empty for top-level objects. */
    readonly scope: string,
    items: readonly T[],
  ) {
    this.items = items;
    for (const item of items) {
      if (this.byId.has(item.id)) {
        throw new P4InfoFormatError(`P4Info has two ${kind}s with id ${item.id}${scope ? ` in ${scope}` : ''}: '${this.byId.get(item.id)!.name}' and '${item.name}'`);
      }
      this.byId.set(item.id, item);
      if (this.byName.has(item.name)) {
        throw new P4InfoFormatError(`P4Info has two ${kind}s named '${item.name}'${scope ? ` in ${scope}` : ''}`);
      }
      this.byName.set(item.name, item);
    }
    // Aliases never shadow a full name: a full name is unambiguous by construction.
    for (const item of items) if (item.alias && !this.byName.has(item.alias)) this.byName.set(item.alias, item);
  }

  get size(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }

  /** All objects in P4Info order. */
  all(): readonly T[] {
    return this.items;
  }

  find(nameOrId: string | number): T | undefined {
    return typeof nameOrId === 'number' ? this.byId.get(nameOrId) : this.byName.get(nameOrId);
  }

  /** The object with this full name, alias or id; throws P4InfoLookupError if there is none. */
  get(nameOrId: string | number): T {
    const found = this.find(nameOrId);
    if (found !== undefined) return found;
    const suggestions = typeof nameOrId === 'string' ? closestNames(nameOrId, this.items) : [];
    throw new P4InfoLookupError(this.kind, nameOrId, this.scope, suggestions);
  }
}

/** Up to three names (full or alias) that look like what was asked for, best first. */
export function closestNames(wanted: string, items: readonly Named[]): string[] {
  const lower = wanted.toLowerCase();
  const wantedLeaf = lower.slice(lower.lastIndexOf('.') + 1);
  const scored: { name: string; score: number }[] = [];
  for (const item of items) {
    const name = item.name.toLowerCase();
    const leaf = name.slice(name.lastIndexOf('.') + 1);
    let score: number;
    if (name === lower || leaf === wantedLeaf) score = 0;
    else if (name.includes(lower) || lower.includes(leaf)) score = 1;
    else score = 2 + editDistance(wantedLeaf, leaf);
    if (score <= 2 + Math.max(2, Math.floor(wantedLeaf.length / 3))) scored.push({ name: item.name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, 3).map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
