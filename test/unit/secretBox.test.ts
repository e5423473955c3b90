import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecretKeys, SecretBox } from '../../store/secretBox';

const TOKEN = 'hibob-token-5f1c0e8a9b';

/** Replaces the first character of part `index` of a sealed value with another base64url character. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

function keyIdInSealed(sealed: string): string {
  return sealed.split('.')[1]!;
}

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox([key]);

  test('opens what it sealed', () => {
    expect(box.open(box.seal(TOKEN))).toBe(TOKEN);
  });

  test.each([
    ['empty string', ''],
    ['accented text', 'Zoë Ångström café'],
    ['non-Latin scripts', '秘密のトークン Пароль κλειδί'],
    ['emoji', 'token 🔑 with surrogate pairs'],
    ['JSON', JSON.stringify({ hibobToken: 'a.b.c', learnampClientSecret: 'x,y' })],
  ])('round trips %s', (_case, plaintext) => {
    expect(box.open(box.seal(plaintext))).toBe(plaintext);
  });

  test('sealed value does not contain plaintext', () => {
    const sealed = box.seal(TOKEN);
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString('base64url'));
  });

  test('sealed value has five dot-separated parts', () => {
    const parts = box.seal(TOKEN).split('.');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
  });

  test('sealing twice gives different values', () => {
    expect(box.seal(TOKEN)).not.toBe(box.seal(TOKEN));
  });

  test.each([
    ['iv', 2],
    ['auth tag', 3],
    ['ciphertext', 4],
  ])('detects tampered %s', (_case, index) => {
    const sealed = box.seal(TOKEN);
    expect(() => box.open(tamper(sealed, index))).toThrow();
  });

  test('detects truncated ciphertext', () => {
    const sealed = box.seal(TOKEN);
    expect(() => box.open(sealed.slice(0, -4))).toThrow();
  });

  test.each([
    ['plain text', TOKEN],
    ['wrong version', box.seal(TOKEN).replace(/^v1\./, 'v2.')],
    ['missing parts', 'v1.abcd1234.iv'],
  ])('rejects %s as unknown format', (_case, sealed) => {
    expect(() => box.open(sealed)).toThrow('Sealed secret has an unknown format');
  });

  test('opens value sealed under old key second in list', () => {
    const oldKey = randomBytes(32);
    const sealedUnderOld = new SecretBox([oldKey]).seal(TOKEN);
    const rotated = new SecretBox([randomBytes(32), oldKey]);
    expect(rotated.open(sealedUnderOld)).toBe(TOKEN);
  });

  test('seals new values under first key', () => {
    const newKey = randomBytes(32);
    const oldKey = randomBytes(32);
    const sealed = new SecretBox([newKey, oldKey]).seal(TOKEN);
    expect(new SecretBox([newKey]).open(sealed)).toBe(TOKEN);
    expect(keyIdInSealed(sealed)).toBe(keyIdInSealed(new SecretBox([newKey]).seal('other')));
  });

  test('unknown key error names key id', () => {
    const sealed = new SecretBox([randomBytes(32)]).seal(TOKEN);
    expect(() => box.open(sealed)).toThrow(`key ${keyIdInSealed(sealed)}`);
  });

  test('unknown key error hides plaintext', () => {
    const sealed = new SecretBox([randomBytes(32)]).seal(TOKEN);
    let message = '';
    try {
      box.open(sealed);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(TOKEN);
  });

  test('rejects empty key list', () => {
    expect(() => new SecretBox([])).toThrow('at least one key');
  });

  test.each([16, 31, 33, 64])('rejects %i-byte key', (length) => {
    expect(() => new SecretBox([randomBytes(length)])).toThrow(`must be 32 bytes, got ${length}`);
  });
});

describe('loadSecretKeys', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hibob-sync-keys-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('reads keys from env in order', () => {
    const first = randomBytes(32);
    const second = randomBytes(32);
    const keys = loadSecretKeys(`${first.toString('base64')}, ${second.toString('base64')}`, join(dir, 'unused'));
    expect(keys).toEqual([first, second]);
  });

  test('env keys do not create key file', () => {
    const keyFile = join(dir, 'key');
    loadSecretKeys(randomBytes(32).toString('base64'), keyFile);
    expect(() => statSync(keyFile)).toThrow();
  });

  test('wrong-length env key names entry', () => {
    const env = `${randomBytes(32).toString('base64')},${randomBytes(16).toString('base64')}`;
    expect(() => loadSecretKeys(env, join(dir, 'unused'))).toThrow('entry 2 decodes to 16 bytes');
  });

  test('empty env entry names entry', () => {
    const env = `${randomBytes(32).toString('base64')},`;
    expect(() => loadSecretKeys(env, join(dir, 'unused'))).toThrow('entry 2 decodes to 0 bytes');
  });

  test('creates key file with mode 0600', () => {
    const keyFile = join(dir, 'nested', 'secret.key');
    loadSecretKeys(undefined, keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  test('created key file holds one 32-byte key', () => {
    const keys = loadSecretKeys(undefined, join(dir, 'secret.key'));
    expect(keys).toHaveLength(1);
    expect(keys[0]?.length).toBe(32);
  });

  test('reuses existing key file', () => {
    const keyFile = join(dir, 'secret.key');
    const first = loadSecretKeys(undefined, keyFile);
    const second = loadSecretKeys(undefined, keyFile);
    expect(second).toEqual(first);
  });

  test('tightens mode of existing key file', () => {
    const keyFile = join(dir, 'secret.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o644 });
    loadSecretKeys(undefined, keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  test('reads key written in key file', () => {
    const keyFile = join(dir, 'secret.key');
    const key = randomBytes(32);
    writeFileSync(keyFile, `${key.toString('base64')}\n`);
    expect(loadSecretKeys(undefined, keyFile)).toEqual([key]);
  });

  test('empty env falls back to key file', () => {
    const keyFile = join(dir, 'secret.key');
    loadSecretKeys('', keyFile);
    expect(readFileSync(keyFile, 'utf8').length).toBeGreaterThan(0);
  });
});
