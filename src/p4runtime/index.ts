// The P4Runtime client library: connection, P4Info index, value encoding, entity builders
// and decoders, typed errors. Import from here, not from the individual files.
export * from './addresses.js';
export * from './backoff.js';
export * from './client.js';
export * from './decoding.js';
export * from './election-id.js';
export * from './encoding.js';
export * from './entities.js';
export * from './errors.js';
export * from './events.js';
export * from './name-table.js';
export * from './p4info-index.js';
export { parseP4InfoText } from './p4info-text.js';
export * from './p4info-file.js';
export { StreamSession, type StreamHandlers } from './stream.js';
// The generated messages users need to hold or build by hand.
export { P4Info } from '../proto/p4/config/v1/p4info.js';
export type { Entity, TableEntry, Update, PacketOut, PacketIn, DigestList, MeterConfig } from '../proto/p4/v1/p4runtime.js';
export type { P4Data } from '../proto/p4/v1/p4data.js';
