import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyIdOf, loadSecretKeys } from '../store/secretBox';
import type { ServiceConfig } from './config';

/** `encoding` metadata of an encrypted payload; decode passes payloads with any other encoding through. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';

/** Metadata entry that names the key a payload was encrypted with. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Payload codec that encrypts each whole payload (metadata and data) with AES-256-GCM. The key id sits in
 * clear metadata and is also bound as additional authenticated data, so a payload can only be opened with
 * the key it names. Encoding uses the newest key and decoding accepts every configured key, so histories
 * written before a key rotation stay readable while the old key is still configured.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();
  /** Id of the key that encrypts new payloads. */
  readonly currentKeyId: string;

  /** `keys[0]` encrypts; every key decrypts. Each key is 32 bytes. */
  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    for (const key of keys) {
      if (key.length !== 32) throw new Error(`A payload encryption key must be 32 bytes, got ${key.length}`);
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(keys[0]!);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.currentKeyId;
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId)!, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [KEY_ID_METADATA]: Buffer.from(keyId, 'utf8'),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new ValueError(`Encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const keyId = Buffer.from(keyIdBytes).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) {
      throw new ValueError(`Payload was encrypted with key ${keyId}, which is not in HIBOB_SYNC_PAYLOAD_KEYS: add it back as an older key`);
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`Encrypted payload is too short (${data.length} bytes)`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(keyIdBytes);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(`Encrypted payload failed authentication with key ${keyId}: it was altered or encrypted with another key`);
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}

/**
 * Loads the payload keys from `HIBOB_SYNC_PAYLOAD_KEYS` or, when it is unset, from a key file in the data
 * folder that is created on first use, so encryption is always on.
 */
export function loadPayloadCodec(config: Pick<ServiceConfig, 'payloadKeys' | 'payloadKeyFile'>): EncryptionCodec {
  return new EncryptionCodec(loadSecretKeys(config.payloadKeys, config.payloadKeyFile, 'HIBOB_SYNC_PAYLOAD_KEYS'));
}

/**
 * Data converter for every client and worker: payloads go through `codec`, and failure messages and stack
 * traces are moved into an encoded payload so the codec encrypts them too.
 */
export function encryptedDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: require.resolve('./failureConverter') };
}
