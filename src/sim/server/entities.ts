// One Update or one read selector, dispatched by entity type to its translator.
import type { Entity, Update } from '../../proto/p4/v1/p4runtime.js';
import type { DigestEngine } from './digest-engine.js';
import { readDigestEntries, writeDigestEntry } from './digest-entries.js';
import {
  readDirectCounterEntries, readDirectMeterEntries, writeDirectCounterEntry, writeDirectMeterEntry,
} from './direct-resources.js';
import {
  readCounterEntries, readMeterEntries, readRegisterEntries, writeCounterEntry, writeMeterEntry, writeRegisterEntry,
} from './indexed-externs.js';
import type { Pipeline } from './pipeline.js';
import { readReplicationEntries, writeReplicationEntry } from './replication.js';
import { invalid, unimplemented } from './rpc-error.js';
import { readTableEntries, writeTableEntry } from './table-entries.js';

export interface EntityContext {
  readonly pipeline: Pipeline;
  readonly digests: DigestEngine;
}

export function applyUpdate({ pipeline, digests }: EntityContext, update: Update): void {
  const entity = update.entity?.entity;
  if (entity === undefined) throw invalid('update without an entity');
  const { type } = update;
  switch (entity.$case) {
    case 'tableEntry':
      return writeTableEntry(pipeline, type, entity.value);
    case 'counterEntry':
      return writeCounterEntry(pipeline, type, entity.value);
    case 'directCounterEntry':
      return writeDirectCounterEntry(pipeline, type, entity.value);
    case 'meterEntry':
      return writeMeterEntry(pipeline, type, entity.value);
    case 'directMeterEntry':
      return writeDirectMeterEntry(pipeline, type, entity.value);
    case 'registerEntry':
      return writeRegisterEntry(pipeline, type, entity.value);
    case 'packetReplicationEngineEntry':
      return writeReplicationEntry(pipeline, type, entity.value);
    case 'digestEntry':
      return writeDigestEntry(pipeline, digests, type, entity.value);
    default:
      throw unimplemented(`${entity.$case} entities are not supported by the simulator`);
  }
}

export function readEntity({ pipeline, digests }: EntityContext, selector: Entity): Iterable<Entity> {
  const entity = selector.entity;
  if (entity === undefined) throw invalid('read of an empty entity');
  switch (entity.$case) {
    case 'tableEntry':
      return readTableEntries(pipeline, entity.value);
    case 'counterEntry':
      return readCounterEntries(pipeline, entity.value);
    case 'directCounterEntry':
      return readDirectCounterEntries(pipeline, entity.value);
    case 'meterEntry':
      return readMeterEntries(pipeline, entity.value);
    case 'directMeterEntry':
      return readDirectMeterEntries(pipeline, entity.value);
    case 'registerEntry':
      return readRegisterEntries(pipeline, entity.value);
    case 'packetReplicationEngineEntry':
      return readReplicationEntries(pipeline, entity.value);
    case 'digestEntry':
      return readDigestEntries(pipeline, digests, entity.value);
    default:
      throw unimplemented(`${entity.$case} entities are not supported by the simulator`);
  }
}
