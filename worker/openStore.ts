import { SecretBox, loadSecretKeys } from '../store/secretBox';
import { SyncStore } from '../store/syncStore';
import type { ServiceConfig } from './config';

/** Opens the sync store with the configured secret keys. */
export function openStore(config: ServiceConfig): SyncStore {
  const box = new SecretBox(loadSecretKeys(config.secretKeys, config.secretKeyFile));
  return SyncStore.open(config.databaseFile, box);
}
