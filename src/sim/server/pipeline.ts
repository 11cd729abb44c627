// One committed (or saved) forwarding pipeline: the P4Info and device config a client
// pushed, the loaded target, the id index over both, and the control-plane state that
// P4Runtime reads back but the data plane does not keep (replication entries as written,
// opaque entry metadata).
import type { P4Info } from '../../proto/p4/config/v1/p4info.js';
import type { StoredEntry } from '../runtime/abi.js';
import { P4InfoIndex } from './p4info-index.js';
import type { CloneSession, PipelineTarget, Replica } from './pipeline-target.js';

export interface PipelineConfig {
  readonly p4info: P4Info;
  readonly deviceConfig: Buffer;
  /** ForwardingPipelineConfig.cookie, undefined when the client sent none. */
  readonly cookie: bigint | undefined;
}

export class Pipeline {
  readonly index: P4InfoIndex;
  readonly multicastGroups = new Map<number, { replicas: readonly Replica[]; metadata: Buffer }>();
  readonly cloneSessions = new Map<number, CloneSession>();
  /** TableEntry.metadata: opaque to the switch, returned on read. */
  readonly entryMetadata = new WeakMap<StoredEntry, Buffer>();

  /**
   * @param config what the client pushed (and reads back)
   * @param programP4Info the P4Info generated from the program: ids agree with the pushed
   *   one (checked before), and its type_info is complete, so lookups use it
   */
  constructor(
    readonly config: PipelineConfig,
    programP4Info: P4Info,
    readonly target: PipelineTarget,
  ) {
    this.index = new P4InfoIndex(programP4Info, target);
  }
}
