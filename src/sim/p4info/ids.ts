// P4Runtime object ids, allocated the way p4c allocates them so that P4Info written by
// the simulator has the same ids as p4c's for the same program:
//   id = (prefix << 24) | (jenkins_one_at_a_time(name) & 0xffffff)
// Names without an `@id` are hashed in sorted order and collisions are resolved by linear
// probing on the hash value; ids given by `@id` are assigned first and always win.

/** The top byte of a P4Info object id: what kind of object it names (P4Ids.Prefix). */
export const IdPrefix = {
  action: 0x01,
  table: 0x02,
  valueSet: 0x03,
  controllerHeader: 0x04,
  actionProfile: 0x11,
  counter: 0x12,
  directCounter: 0x13,
  meter: 0x14,
  directMeter: 0x15,
  register: 0x16,
  digest: 0x17,
} as const;

export type IdPrefixName = keyof typeof IdPrefix;

export class IdAllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdAllocationError';
  }
}

/** Bob Jenkins' one-at-a-time hash over the UTF-8 bytes of `text`, as a uint32. */
export function jenkinsOneAtATime(text: string): number {
  let hash = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = (hash + byte) >>> 0;
    hash = (hash + (hash << 10)) >>> 0;
    hash = (hash ^ (hash >>> 6)) >>> 0;
  }
  hash = (hash + (hash << 3)) >>> 0;
  hash = (hash ^ (hash >>> 11)) >>> 0;
  hash = (hash + (hash << 15)) >>> 0;
  return hash;
}

export interface IdRequest {
  readonly kind: IdPrefixName;
  /** Fully qualified control-plane name (`MyIngress.forward`). */
  readonly name: string;
  /** The value of an `@id` annotation, if any. */
  readonly fixedId?: number;
}

/**
 * Assigns an id to every requested object. The result maps `${kind}:${name}` to the id;
 * use `idKey` to look one up.
 */
export function allocateIds(requests: readonly IdRequest[]): Map<string, number> {
  const assigned = new Set<number>();
  const result = new Map<string, number>();
  for (const request of requests) {
    if (request.fixedId === undefined) continue;
    const prefix = IdPrefix[request.kind];
    const given = request.fixedId >>> 0;
    const top = given >>> 24;
    if (top !== 0 && top !== prefix) {
      throw new IdAllocationError(
        `@id(0x${given.toString(16)}) on ${request.name} has prefix 0x${top.toString(16)}, but a ${request.kind} needs 0x${prefix.toString(16)}`);
    }
    const id = ((prefix << 24) | (given & 0xffffff)) >>> 0;
    if (assigned.has(id)) throw new IdAllocationError(`@id 0x${id.toString(16)} of ${request.name} is used twice`);
    assigned.add(id);
    result.set(idKey(request.kind, request.name), id);
  }
  const unnamed = requests
    .filter((r) => r.fixedId === undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : IdPrefix[a.kind] - IdPrefix[b.kind]));
  for (const request of unnamed) {
    const key = idKey(request.kind, request.name);
    if (result.has(key)) continue;
    const prefix = IdPrefix[request.kind];
    const start = jenkinsOneAtATime(request.name);
    let value = start;
    let id = ((prefix << 24) | (value & 0xffffff)) >>> 0;
    while (assigned.has(id)) {
      value = (value + 1) >>> 0;
      if (value === start) throw new IdAllocationError(`no P4Runtime id left for ${request.name}`);
      id = ((prefix << 24) | (value & 0xffffff)) >>> 0;
    }
    assigned.add(id);
    result.set(key, id);
  }
  return result;
}

export function idKey(kind: IdPrefixName, name: string): string {
  return `${kind}:${name}`;
}
