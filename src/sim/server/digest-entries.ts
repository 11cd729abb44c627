// DigestEntry writes and reads (spec section 9.9): a digest reports to the controller
// only once it is configured (INSERT), and stops when the config is deleted.
import type { DigestEntry, Entity } from '../../proto/p4/v1/p4runtime.js';
import { Update_Type } from '../../proto/p4/v1/p4runtime.js';
import { checkDigestConfig, type DigestEngine } from './digest-engine.js';
import type { Pipeline } from './pipeline.js';
import { Code, invalid, RpcError } from './rpc-error.js';

function digestBinding(pipeline: Pipeline, id: number) {
  const digest = pipeline.index.digests.get(id);
  if (digest === undefined) throw invalid(`unknown digest id ${id}`);
  return digest;
}

export function writeDigestEntry(pipeline: Pipeline, engine: DigestEngine, type: Update_Type, entry: DigestEntry): void {
  const digest = digestBinding(pipeline, entry.digestId);
  const what = `digest ${digest.name}`;
  const configured = engine.configOf(digest.id) !== undefined;
  switch (type) {
    case Update_Type.INSERT:
      if (configured) throw new RpcError(Code.ALREADY_EXISTS, `${what} is already configured`);
      engine.configure(digest.id, checkDigestConfig(entry.config, what));
      return;
    case Update_Type.MODIFY:
      if (!configured) throw new RpcError(Code.NOT_FOUND, `${what} is not configured`);
      engine.configure(digest.id, checkDigestConfig(entry.config, what));
      return;
    case Update_Type.DELETE:
      if (!configured) throw new RpcError(Code.NOT_FOUND, `${what} is not configured`);
      engine.configure(digest.id, undefined);
      return;
    default:
      throw invalid(`update type ${type} is not INSERT, MODIFY or DELETE`);
  }
}

/** digest_id 0 reads every configured digest. */
export function* readDigestEntries(pipeline: Pipeline, engine: DigestEngine, request: DigestEntry): Generator<Entity> {
  const ids = request.digestId === 0 ? engine.configuredIds() : [digestBinding(pipeline, request.digestId).id];
  for (const digestId of ids) {
    const config = engine.configOf(digestId);
    if (config !== undefined) yield { entity: { $case: 'digestEntry', value: { digestId, config } } };
  }
}
