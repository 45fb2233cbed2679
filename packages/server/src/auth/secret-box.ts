import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Secrets the server must read back in clear (TOTP secrets: it computes codes with them, so they cannot be hashed)
// are stored sealed with AES-256-GCM, so a copy of the database alone (a backup, a dump, a stolen disk) does not give
// away everyone's second factor. Stored text: `v1:<keyId>:<base64 iv>:<base64 ciphertext+tag>`. A value without the
// `v1:` prefix is a row from before encryption and is read as plaintext; base32 (A–Z, 2–7) never contains a colon,
// so the two cannot be mistaken for each other. Each value is bound to its owner (the user id, as GCM's additional
// authenticated data): a sealed secret copied into another user's row does not open there. docs/two-factor.md
// explains the key, rotation and backups.

export const SECRET_KEY_ENV = 'KVARBO_SECRET_KEY';
export const SECRET_KEY_PREVIOUS_ENV = 'KVARBO_SECRET_KEY_PREVIOUS';
/** The key file made on first start when KVARBO_SECRET_KEY is not set, next to the SQLite database. */
export const SECRET_KEY_FILE = 'secret.key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value: still plaintext, sealed with the current key, with the previous key, or with neither. */
export type SealedState = 'plaintext' | 'current' | 'previous' | 'unknown_key';

export type SecretBox = {
  /** Seals `plaintext` for `owner` (a user id): it opens only for the same owner. */
  seal(plaintext: string, owner: string): string;
  /** The plaintext of a stored value; throws SecretUnreadableError when it cannot be opened (or is another owner's). */
  open(stored: string, owner: string): string;
  stateOf(stored: string): SealedState;
  /** The current key's id and where it came from, for the start-up log (never the key). */
  describe(): { keyId: string; source: string };
};

/** A stored secret that no configured key opens: a server error (500), never "no secret". */
export class SecretUnreadableError extends Error {
  readonly code = 'SECRET_UNREADABLE';
  readonly statusCode = 500;
}

/** First 8 hex digits of SHA-256 of the key: names the key in stored values without revealing it. */
export function keyIdOf(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** 32 bytes as 64 hex digits or base64 (44 characters; base64url and no padding accepted). `name` is the setting. */
export function parseSecretKey(value: string, name: string): Buffer {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  // The value itself is not repeated: it may be a real key with a typo.
  throw new Error(
    `${name} must be 32 bytes written as base64 (44 characters) or hex (64 characters), got ${text.length} characters; ` +
      'make one with: openssl rand -base64 32',
  );
}

export function createSecretBox(current: Buffer, previous: Buffer | null = null, source = 'given key'): SecretBox {
  const currentId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[currentId, current]]);
  const previousId = previous ? keyIdOf(previous) : null;
  if (previous && previousId && !keys.has(previousId)) keys.set(previousId, previous);

  function parts(stored: string) {
    const [version, keyId, iv, body, ...rest] = stored.split(':');
    if (version !== VERSION || !keyId || iv === undefined || body === undefined || rest.length) return null;
    return { keyId, iv: Buffer.from(iv, 'base64'), body: Buffer.from(body, 'base64') };
  }

  return {
    seal(plaintext, owner) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(owner, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}:${currentId}:${iv.toString('base64')}:${body.toString('base64')}`;
    },
    open(stored, owner) {
      if (!stored.startsWith(`${VERSION}:`)) return stored;
      const p = parts(stored);
      if (!p || p.iv.length !== IV_BYTES || p.body.length < TAG_BYTES) throw new SecretUnreadableError('the stored value is malformed');
      const key = keys.get(p.keyId);
      if (!key) {
        throw new SecretUnreadableError(
          `it was sealed with key ${p.keyId}, which is neither ${SECRET_KEY_ENV} (key ${currentId}) nor ${SECRET_KEY_PREVIOUS_ENV}` +
            (previousId ? ` (key ${previousId})` : ' (not set)'),
        );
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, p.iv);
        decipher.setAAD(Buffer.from(owner, 'utf8'));
        decipher.setAuthTag(p.body.subarray(p.body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(p.body.subarray(0, p.body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnreadableError(
          `it does not authenticate under key ${p.keyId} for this user (altered, or copied from another user's row?)`,
        );
      }
    },
    stateOf(stored) {
      if (!stored.startsWith(`${VERSION}:`)) return 'plaintext';
      const keyId = parts(stored)?.keyId;
      if (keyId === currentId) return 'current';
      if (keyId && keyId === previousId) return 'previous';
      return 'unknown_key';
    },
    describe: () => ({ keyId: currentId, source }),
  };
}

/**
 * The key in `<dataDir>/secret.key` (base64, mode 0600), made on first use. Written to a temporary file and linked
 * into place, so two processes starting at once agree on one key and never read half a file.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  const read = () => parseSecretKey(fs.readFileSync(file, 'utf8'), file);
  if (fs.existsSync(file)) return { key: read(), file, created: false };
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return { key: read(), file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { key: read(), file, created: false };
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export type SecretKeyConfig = { dataDir: string; secretKey: Buffer | null; secretKeyPrevious: Buffer | null };

const boxes = new WeakMap<SecretKeyConfig, SecretBox>();

/**
 * The box for a configuration: KVARBO_SECRET_KEY when set, otherwise the key file in the data directory (made when
 * first needed, so commands that never touch a secret leave the data directory alone). One per configuration.
 */
export function secretBoxFor(config: SecretKeyConfig): SecretBox {
  let box = boxes.get(config);
  if (!box) {
    let resolved: SecretBox | null = null;
    const get = () => {
      if (!resolved) {
        if (config.secretKey) resolved = createSecretBox(config.secretKey, config.secretKeyPrevious, SECRET_KEY_ENV);
        else {
          const { key, file } = loadOrCreateKeyFile(config.dataDir);
          resolved = createSecretBox(key, config.secretKeyPrevious, file);
        }
      }
      return resolved;
    };
    box = {
      seal: (plaintext, owner) => get().seal(plaintext, owner),
      open: (stored, owner) => get().open(stored, owner),
      stateOf: (stored) => get().stateOf(stored),
      describe: () => get().describe(),
    };
    boxes.set(config, box);
  }
  return box;
}
