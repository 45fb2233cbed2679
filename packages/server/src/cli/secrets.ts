import fs from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_FILE, secretBoxFor } from '../auth/secret-box.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { sealStoredSecrets } from '../repositories/two-factor.repository.ts';
import { UsageError } from './args.ts';

/**
 * `kvarbo secrets reencrypt` (docs/two-factor.md): seals the TOTP secrets still in clear and re-seals those under
 * KVARBO_SECRET_KEY_PREVIOUS with the current key. Prints {"encrypted", "reencrypted", "unchanged"}; rows no
 * configured key opens are left alone, counted as "unreadable" and named (user ids) on stderr, with exit code 1.
 */
export async function secretsCommand(db: Db, config: Config, sub: string | undefined): Promise<number> {
  if (sub !== 'reencrypt') throw new UsageError('unknown "secrets" command; did you mean "secrets reencrypt"?');
  const { unreadable, ...counts } = await sealStoredSecrets(db.kysely, secretBoxFor(config), { reseal: true });
  console.log(JSON.stringify(unreadable.length ? { ...counts, unreadable: unreadable.length } : counts));
  if (unreadable.length) {
    console.error(
      `kvarbo: ${unreadable.length} two-factor secrets open with neither key, left as they are; users: ${unreadable.join(', ')}`,
    );
    return 1;
  }
  return 0;
}

/**
 * At `kvarbo serve` start: seals secrets left in clear by an older version (idempotent, so every start may do it).
 * Rows under the previous key are not re-sealed here: during a rolling key change other instances may not have the
 * new key yet; `kvarbo secrets reencrypt` does that once they all have. Returns the lines for the server log.
 */
export async function sealSecretsAtStart(db: Db, config: Config): Promise<{ info: string[]; warn: string[] }> {
  const keyFile = path.join(config.dataDir, SECRET_KEY_FILE);
  const newKeyFile = !config.secretKey && !fs.existsSync(keyFile);
  const box = secretBoxFor(config);
  const { keyId, source } = box.describe();
  const counts = await sealStoredSecrets(db.kysely, box, { reseal: false });
  const info = [`two-factor secrets are sealed with key ${keyId} from ${source}`];
  if (newKeyFile) info.push(`made a new key file ${keyFile}: back it up, apart from the database backups (docs/two-factor.md)`);
  if (counts.encrypted) info.push(`sealed ${counts.encrypted} two-factor secrets stored in clear by an earlier version`);
  const warn = counts.unreadable.length
    ? [
        `the two-factor secrets of ${counts.unreadable.length} users open with no configured key (their code step will fail): ` +
          counts.unreadable.join(', '),
      ]
    : [];
  return { info, warn };
}
