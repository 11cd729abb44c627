// One Update or one read selector, dispatched by entity type to its translator.
import type { Entity, Update, Update_Type } from '../../proto/p4/v1/p4runtime.js';
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
import { readTableEntries, writeTableEntry, writeTableUpdate } from './table-entries.js';
import { readValueSetEntries, writeValueSetEntry } from './value-set-entries.js';
import { TableEntryUpdate } from './write-request-decoder.js';

export interface EntityContext {
  readonly pipeline: Pipeline;
  readonly digests: DigestEngine;
}

type EntityCase = NonNullable<Entity['entity']>;
type ValueOf<K extends EntityCase['$case']> = Extract<EntityCase, { $case: K }>['value'];

interface Translator<K extends EntityCase['$case']> {
  write(context: EntityContext, type: Update_Type, value: ValueOf<K>): void;
  read(context: EntityContext, selector: ValueOf<K>): Iterable<Entity>;
}

const TRANSLATORS: { [K in EntityCase['$case']]?: Translator<K> } = {
  tableEntry: { write: (c, t, v) => writeTableEntry(c.pipeline, t, v), read: (c, v) => readTableEntries(c.pipeline, v) },
  counterEntry: { write: (c, t, v) => writeCounterEntry(c.pipeline, t, v), read: (c, v) => readCounterEntries(c.pipeline, v) },
  directCounterEntry: {
    write: (c, t, v) => writeDirectCounterEntry(c.pipeline, t, v), read: (c, v) => readDirectCounterEntries(c.pipeline, v),
  },
  meterEntry: { write: (c, t, v) => writeMeterEntry(c.pipeline, t, v), read: (c, v) => readMeterEntries(c.pipeline, v) },
  directMeterEntry: {
    write: (c, t, v) => writeDirectMeterEntry(c.pipeline, t, v), read: (c, v) => readDirectMeterEntries(c.pipeline, v),
  },
  registerEntry: { write: (c, t, v) => writeRegisterEntry(c.pipeline, t, v), read: (c, v) => readRegisterEntries(c.pipeline, v) },
  packetReplicationEngineEntry: {
    write: (c, t, v) => writeReplicationEntry(c.pipeline, t, v), read: (c, v) => readReplicationEntries(c.pipeline, v),
  },
  valueSetEntry: {
    write: (c, t, v) => writeValueSetEntry(c.pipeline, t, v), read: (c, v) => readValueSetEntries(c.pipeline, v),
  },
  digestEntry: {
    write: (c, t, v) => writeDigestEntry(c.pipeline, c.digests, t, v), read: (c, v) => readDigestEntries(c.pipeline, c.digests, v),
  },
};

function translatorFor(entity: Entity | undefined, doing: string): { translator: Translator<EntityCase['$case']>; value: never } {
  const inner = entity?.entity;
  if (inner === undefined) throw invalid(`${doing} without an entity`);
  const translator = TRANSLATORS[inner.$case] as Translator<EntityCase['$case']> | undefined;
  if (translator === undefined) throw unimplemented(`${inner.$case} entities are not supported by the simulator`);
  return { translator, value: inner.value as never };
}

export function applyUpdate(context: EntityContext, update: Update): void {
  if (update instanceof TableEntryUpdate) return writeTableUpdate(context.pipeline, update);
  const { translator, value } = translatorFor(update.entity, 'update');
  translator.write(context, update.type, value);
}

export function readEntity(context: EntityContext, selector: Entity): Iterable<Entity> {
  const { translator, value } = translatorFor(selector, 'read');
  return translator.read(context, value);
}
