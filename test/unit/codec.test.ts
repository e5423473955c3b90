import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from '../../store/secretBox';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, loadPayloadCodec } from '../../worker/codec';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const secretValue = { tenantId: 'acme', note: 'token-ABC123 jane.doe@example.test' };

const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const metadataText = (payload: Payload, key: string) => Buffer.from(payload.metadata![key]!).toString('utf8');

describe('EncryptionCodec', () => {
  test('round trip restores the payload', async () => {
    const codec = new EncryptionCodec([newKey]);
    const [encoded] = await codec.encode([toPayload(secretValue)]);
    const [decoded] = await codec.decode([encoded!]);
    expect(fromPayload(decoded!)).toEqual(secretValue);
  });

  test('encoded payload hides the value', async () => {
    const codec = new EncryptionCodec([newKey]);
    const [encoded] = await codec.encode([toPayload(secretValue)]);
    expect(metadataText(encoded!, METADATA_ENCODING_KEY)).toBe(ENCRYPTED_ENCODING);
    expect(metadataText(encoded!, KEY_ID_METADATA)).toBe(keyIdOf(newKey));
    expect(Buffer.from(encoded!.data!).includes('token-ABC123')).toBe(false);
    expect(Buffer.from(encoded!.data!).includes('json/plain')).toBe(false);
  });

  test('same value encrypts differently each time', async () => {
    const codec = new EncryptionCodec([newKey]);
    const [first, second] = await codec.encode([toPayload(secretValue), toPayload(secretValue)]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  test('rotation encodes with newest key', async () => {
    const rotated = new EncryptionCodec([newKey, oldKey]);
    const [encoded] = await rotated.encode([toPayload(secretValue)]);
    expect(metadataText(encoded!, KEY_ID_METADATA)).toBe(keyIdOf(newKey));
  });

  test('rotation still decodes old payloads', async () => {
    const [written] = await new EncryptionCodec([oldKey]).encode([toPayload(secretValue)]);
    const [decoded] = await new EncryptionCodec([newKey, oldKey]).decode([written!]);
    expect(fromPayload(decoded!)).toEqual(secretValue);
  });

  test('missing key is named in the error', async () => {
    const [written] = await new EncryptionCodec([oldKey]).encode([toPayload(secretValue)]);
    await expect(new EncryptionCodec([newKey]).decode([written!])).rejects.toThrow(
      `Payload was encrypted with key ${keyIdOf(oldKey)}, which is not in HIBOB_SYNC_PAYLOAD_KEYS`,
    );
  });

  test('altered ciphertext is rejected', async () => {
    const codec = new EncryptionCodec([newKey]);
    const [encoded] = await codec.encode([toPayload(secretValue)]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow('failed authentication');
  });

  test('changed key id is rejected', async () => {
    const codec = new EncryptionCodec([newKey, oldKey]);
    const [encoded] = await codec.encode([toPayload(secretValue)]);
    const relabelled = { ...encoded!, metadata: { ...encoded!.metadata, [KEY_ID_METADATA]: Buffer.from(keyIdOf(oldKey)) } };
    await expect(codec.decode([relabelled])).rejects.toThrow('failed authentication');
  });

  test('plaintext payloads pass through decode', async () => {
    const plain = toPayload(secretValue);
    const [decoded] = await new EncryptionCodec([newKey]).decode([plain]);
    expect(decoded).toBe(plain);
  });

  test('wrong key length is rejected', () => {
    expect(() => new EncryptionCodec([randomBytes(16)])).toThrow('must be 32 bytes, got 16');
  });
});

describe('loadPayloadCodec', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-codec-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('configured keys put the first one in use', () => {
    const keys = [newKey, oldKey].map((key) => key.toString('base64')).join(',');
    const codec = loadPayloadCodec({ payloadKeys: keys, payloadKeyFile: join(dataDir, 'payload.key') });
    expect(codec.currentKeyId).toBe(keyIdOf(newKey));
  });

  test('unset keys create a private key file', () => {
    const keyFile = join(dataDir, 'payload.key');
    const first = loadPayloadCodec({ payloadKeys: undefined, payloadKeyFile: keyFile });
    const second = loadPayloadCodec({ payloadKeys: undefined, payloadKeyFile: keyFile });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  test('short configured key names the variable', () => {
    const load = () => loadPayloadCodec({ payloadKeys: randomBytes(8).toString('base64'), payloadKeyFile: join(dataDir, 'payload.key') });
    expect(load).toThrow('HIBOB_SYNC_PAYLOAD_KEYS entry 1 decodes to 8 bytes');
  });
});
