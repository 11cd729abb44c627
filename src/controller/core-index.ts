// Dense numbering of every (server, core) pair, in (server index, core id) order, so
// that ordering by element id is ordering by server index then core id: the heap's
// tie-break (indexed-min-heap.ts) relies on it.

import { MAX_CORES_PER_SERVER, MAX_SERVER_INDEX } from './limits.js';

export class CoreIndexError extends Error {
  constructor(readonly code: 'CORE_INDEX_BAD_SERVER', message: string) {
    super(message);
    this.name = 'CoreIndexError';
  }
}

export interface ServerCores {
  /** The server's index in the data plane. */
  index: number;
  cores: number;
}

export class CoreIndex {
  /** Total number of (server, core) pairs: element ids are 0..size-1. */
  readonly size: number;
  readonly serverCount: number;
  /** Server indices by position, ascending. */
  private readonly serverIndexAt: Int32Array;
  /** First element id of each server position; one extra entry holds `size`. */
  private readonly firstId: Int32Array;
  /** Server position of each element id. */
  private readonly positionOfId: Int32Array;
  /** Server position of each server index, -1 when unknown. */
  private readonly positionOfIndex: Int32Array;

  constructor(servers: readonly ServerCores[]) {
    const sorted = [...servers].sort((a, b) => a.index - b.index);
    this.serverCount = sorted.length;
    this.serverIndexAt = new Int32Array(sorted.length);
    this.firstId = new Int32Array(sorted.length + 1);
    this.positionOfIndex = new Int32Array(MAX_SERVER_INDEX + 1).fill(-1);
    let next = 0;
    sorted.forEach((server, position) => {
      if (!Number.isInteger(server.index) || server.index < 0 || server.index > MAX_SERVER_INDEX) {
        throw new CoreIndexError('CORE_INDEX_BAD_SERVER', `server index ${server.index} is outside 0..${MAX_SERVER_INDEX}`);
      }
      if (!Number.isInteger(server.cores) || server.cores < 1 || server.cores > MAX_CORES_PER_SERVER) {
        throw new CoreIndexError('CORE_INDEX_BAD_SERVER', `server ${server.index} has ${server.cores} cores, outside 1..${MAX_CORES_PER_SERVER}`);
      }
      if (this.positionOfIndex[server.index] !== -1) {
        throw new CoreIndexError('CORE_INDEX_BAD_SERVER', `server index ${server.index} appears twice`);
      }
      this.positionOfIndex[server.index] = position;
      this.serverIndexAt[position] = server.index;
      this.firstId[position] = next;
      next += server.cores;
    });
    this.firstId[sorted.length] = next;
    this.size = next;
    this.positionOfId = new Int32Array(next);
    for (let position = 0; position < sorted.length; position++) {
      this.positionOfId.fill(position, this.firstId[position]!, this.firstId[position + 1]!);
    }
  }

  /** Position (0..serverCount-1) of a server index, or -1 when the server is unknown. */
  positionOf(serverIndex: number): number {
    return Number.isInteger(serverIndex) && serverIndex >= 0 && serverIndex <= MAX_SERVER_INDEX ? this.positionOfIndex[serverIndex]! : -1;
  }

  /** Element id of (server index, core id), or -1 when either is unknown. */
  idOf(serverIndex: number, coreId: number): number {
    const position = this.positionOf(serverIndex);
    if (position < 0 || !Number.isInteger(coreId) || coreId < 0) return -1;
    const id = this.firstId[position]! + coreId;
    return id < this.firstId[position + 1]! ? id : -1;
  }

  serverPositionOfId(id: number): number {
    return this.positionOfId[id]!;
  }

  serverIndexOfId(id: number): number {
    return this.serverIndexAt[this.positionOfId[id]!]!;
  }

  coreOfId(id: number): number {
    return id - this.firstId[this.positionOfId[id]!]!;
  }

  serverIndexAtPosition(position: number): number {
    return this.serverIndexAt[position]!;
  }

  /** Element ids of a server position: firstIdOf(p) .. endIdOf(p)-1. */
  firstIdOf(position: number): number {
    return this.firstId[position]!;
  }

  endIdOf(position: number): number {
    return this.firstId[position + 1]!;
  }
}
