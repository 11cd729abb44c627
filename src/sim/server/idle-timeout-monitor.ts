// Idle-timeout notifications (spec section 9.1.8): a periodic scan of the tables that
// support idle timeout finds entries with a timeout whose last hit is at least that long
// ago and reports them to the primary in one IdleTimeoutNotification. Like BMv2, an entry
// that stays idle is reported again every `repeatNs` (BMv2: about 2 s) until it is hit,
// modified or deleted.
import type { IdleTimeoutNotification } from '../../proto/p4/v1/p4runtime.js';
import type { StoredEntry } from '../runtime/abi.js';
import type { Pipeline } from './pipeline.js';
import { encodeStoredEntry } from './table-entries.js';

export class IdleTimeoutMonitor {
  /** When each idle entry was last reported, with the last-hit time it had then. */
  private readonly reported = new WeakMap<StoredEntry, { atNs: bigint; lastHitNs: bigint }>();

  constructor(
    private readonly pipeline: Pipeline,
    private readonly repeatNs: bigint,
  ) {}

  /** The notification due now, or undefined when no entry is (newly or again) idle. */
  scan(timestampNs: bigint): IdleTimeoutNotification | undefined {
    const now = this.pipeline.target.nowNs();
    const tableEntry = [];
    for (const table of this.pipeline.index.tables.values()) {
      if (!table.supportsIdleTimeout) continue;
      for (const entry of table.runtime.entries()) {
        if (entry.idleTimeoutNs === 0n || now - entry.lastHitNs < entry.idleTimeoutNs) continue;
        const previous = this.reported.get(entry);
        if (previous !== undefined && previous.lastHitNs === entry.lastHitNs && now - previous.atNs < this.repeatNs) continue;
        this.reported.set(entry, { atNs: now, lastHitNs: entry.lastHitNs });
        tableEntry.push(encodeStoredEntry(this.pipeline, table, entry, { counterData: false, meterConfig: false, timeSinceLastHit: false }));
      }
    }
    return tableEntry.length === 0 ? undefined : { tableEntry, timestamp: timestampNs };
  }
}
