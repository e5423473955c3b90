import { PostgresSyncStore } from '../store/postgresStore';
import { SecretBox, loadSecretKeys } from '../store/secretBox';
import { SqliteSyncStore } from '../store/sqliteStore';
import type { SyncStore } from '../store/types';
import type { ServiceConfig } from './config';

/**
 * Opens the sync store with the configured secret keys: PostgreSQL when `DATABASE_URL` is set, else the
 * SQLite file in the data folder. The PostgreSQL store connects and migrates on its first call.
 */
export function openStore(config: ServiceConfig): SyncStore {
  if (config.databaseUrl && !config.secretKeys) {
    // A key file is per machine, so a second machine would create its own key and fail to open the secrets.
    throw new Error(
      'HIBOB_SYNC_SECRET_KEYS is missing. It is required when DATABASE_URL is set, because every machine that ' +
        'shares the PostgreSQL store must seal secrets with the same keys. Set it on each machine, for example ' +
        "to the contents of the first machine's secret.key file.",
    );
  }
  const box = new SecretBox(loadSecretKeys(config.secretKeys, config.secretKeyFile));
  if (config.databaseUrl) return PostgresSyncStore.open(config.databaseUrl, box);
  return SqliteSyncStore.open(config.databaseFile, box);
}
