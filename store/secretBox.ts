import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Encrypts tenant secrets at rest with AES-256-GCM. A sealed value is `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts), so a value sealed under an older key can still name the key it needs.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentKeyId: string;

  /** `keys[0]` seals new values; every key opens values sealed under it. Each key is 32 bytes. */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    for (const key of keys) {
      if (key.length !== 32) throw new Error(`An encryption key must be 32 bytes, got ${key.length}`);
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(keys[0]!);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return ['v1', this.currentKeyId, ...parts].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new Error('Sealed secret has an unknown format');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Sealed secret needs key ${keyId}, which is not configured in HIBOB_SYNC_SECRET_KEYS`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Short id of a key (first 8 hex digits of its SHA-256), stored beside each value it encrypts. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Loads keys from `keysFromEnv` (comma-separated base64, newest first) or, for the embedded default, from
 * a key file that is created with mode 0600 on first use. `envName` names the variable in error messages.
 */
export function loadSecretKeys(keysFromEnv: string | undefined, keyFile: string, envName = 'HIBOB_SYNC_SECRET_KEYS'): Buffer[] {
  if (keysFromEnv) {
    return keysFromEnv.split(',').map((encoded, index) => {
      const key = Buffer.from(encoded.trim(), 'base64');
      if (key.length !== 32) {
        throw new Error(`${envName} entry ${index + 1} decodes to ${key.length} bytes; it must be 32 bytes of base64`);
      }
      return key;
    });
  }
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    try {
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created the key first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(keyFile, 0o600);
  const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`Key file ${keyFile} holds ${key.length} bytes; it must hold 32 bytes of base64. Restore it, or set ${envName}`);
  }
  return [key];
}
