import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One recorded workflow run, as `recordHistories.ts` writes it and `replay.test.ts` reads it. */
export interface RecordedHistory {
  /** File name without `.json`. */
  name: string;
  /** What the run did, for a reader of the fixture. */
  description: string;
  workflowId: string;
  workflowType: string;
  /** The history in canonical proto JSON (see `historyToJson`). */
  history: { events?: unknown[] };
}

/** The source folder of the fixtures, from `test/replay` (ts-jest) and from `lib/test/replay` (compiled). */
export const FIXTURES_DIR = existsSync(join(__dirname, '..', '..', 'package.json'))
  ? join(__dirname, 'fixtures')
  : join(__dirname, '..', '..', '..', 'test', 'replay', 'fixtures');

/**
 * Base64 AES-256 key that encrypted the payloads of the recorded runs. It protects only these fixtures,
 * whose data is generated, and lets the replay decode them as the production data converter would.
 */
export const PAYLOAD_KEY_FILE = join(FIXTURES_DIR, 'payload-key.txt');

/**
 * The protobufjs JSON codec of the copy that `@temporalio/proto` loads its types with.
 * NOTE: `historyToJSON` and `historyFromJSON` from `@temporalio/common/lib/proto-utils` (1.24.0) throw
 * "type must be a Type" in this install, because npm gave `@temporalio/common` and `@temporalio/proto`
 * separate copies of protobufjs 8 (the root keeps protobufjs 7 for `@grpc/proto-loader`). This does the
 * same conversion with the copy the types come from, and works with one shared copy too.
 */
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
};
// The generated module's types leave out the reflection methods the patched root has.
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** Converts a history to canonical proto JSON, the format of `temporal workflow show --output json`. */
export function historyToJson(history: proto.temporal.api.history.v1.IHistory): RecordedHistory['history'] {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)) as RecordedHistory['history'];
}

/** Converts canonical proto JSON back to a history; fields unknown to this SDK version are ignored. */
export function historyFromJson(json: RecordedHistory['history']): proto.temporal.api.history.v1.History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.History;
}
