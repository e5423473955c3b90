import { SecretBox, loadSecretKeys } from '../store/secretBox';
import { SqliteSyncStore } from '../store/sqliteStore';
import type { SyncStore } from '../store/types';
import type { ServiceConfig } from './config';

/** Opens the sync store with the configured secret keys. */
export function openStore(config: ServiceConfig): SyncStore {
  const box = new SecretBox(loadSecretKeys(config.secretKeys, config.secretKeyFile));
  return SqliteSyncStore.open(config.databaseFile, box);
}
