import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { createSecretBox, keyIdOf, loadOrCreateKeyFile, parseSecretKey, secretBoxFor, SecretUnreadableError } from './secret-box.ts';
import { newTotpSecret } from './totp.ts';

const KEY = crypto.randomBytes(32);
const OTHER = crypto.randomBytes(32);
/** The user a sealed value belongs to. */
const OWNER = '01936f7e-0000-7000-8000-000000000001';

/** Flips one bit of one byte of the base64 part `part` (2: iv, 3: ciphertext and tag) at `index`. */
function flip(sealed: string, part: 2 | 3, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

describe('secret box', () => {
  it('seals a TOTP secret as v1:<keyId>:<iv>:<ciphertext+tag> and opens it again', () => {
    const box = createSecretBox(KEY);
    const secret = newTotpSecret();
    const sealed = box.seal(secret, OWNER);
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/);
    expect(sealed.split(':')[1]).toBe(crypto.createHash('sha256').update(KEY).digest('hex').slice(0, 8));
    expect(Buffer.from(sealed.split(':')[2]!, 'base64')).toHaveLength(12);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, OWNER)).toBe(secret);
    expect(box.stateOf(sealed)).toBe('current');
    // A random IV each time: the same secret never seals to the same text.
    expect(box.seal(secret, OWNER)).not.toBe(sealed);
  });

  it('reads a value without the v1: prefix as plaintext (rows from before encryption)', () => {
    const box = createSecretBox(KEY);
    const secret = newTotpSecret();
    expect(box.open(secret, OWNER)).toBe(secret);
    expect(box.stateOf(secret)).toBe('plaintext');
  });

  it('refuses a value with any one byte changed: ciphertext, tag or IV', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(newTotpSecret(), OWNER);
    const bodyLength = Buffer.from(sealed.split(':')[3]!, 'base64').length;
    for (const tampered of [flip(sealed, 3, 0), flip(sealed, 3, bodyLength - 1), flip(sealed, 2, 5)]) {
      expect(tampered).not.toBe(sealed);
      expect(() => box.open(tampered, OWNER)).toThrow(SecretUnreadableError);
      expect(() => box.open(tampered, OWNER)).toThrow(/does not authenticate/);
    }
    expect(() => box.open(sealed.slice(0, -8), OWNER)).toThrow(SecretUnreadableError);
    expect(() => box.open('v1:abc', OWNER)).toThrow(/malformed/);
  });

  it('refuses a value sealed with another key, naming both key ids and never the key', () => {
    const sealed = createSecretBox(OTHER).seal(newTotpSecret(), OWNER);
    const box = createSecretBox(KEY);
    expect(box.stateOf(sealed)).toBe('unknown_key');
    let error: Error | null = null;
    try {
      box.open(sealed, OWNER);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect(error!.message).toContain(keyIdOf(OTHER));
    expect(error!.message).toContain(keyIdOf(KEY));
    expect(error!.message).toMatch(/KVARBO_SECRET_KEY_PREVIOUS \(not set\)/);
    expect(error!.message).not.toContain(KEY.toString('base64'));
    // A different key that happened to carry the same id would still fail authentication.
    const forged = sealed.replace(`:${keyIdOf(OTHER)}:`, `:${keyIdOf(KEY)}:`);
    expect(() => box.open(forged, OWNER)).toThrow(/does not authenticate/);
  });

  it("opens a value only for the user it was sealed for: copied into another user's row, it does not open", () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(newTotpSecret(), OWNER);
    const otherUser = '01936f7e-0000-7000-8000-000000000002';
    expect(box.stateOf(sealed)).toBe('current');
    expect(() => box.open(sealed, otherUser)).toThrow(SecretUnreadableError);
    expect(() => box.open(sealed, otherUser)).toThrow(/copied from another user/);
  });

  it('opens values sealed with the previous key and seals new ones with the current key', () => {
    const secret = newTotpSecret();
    const old = createSecretBox(OTHER).seal(secret, OWNER);
    const rotated = createSecretBox(KEY, OTHER);
    expect(rotated.stateOf(old)).toBe('previous');
    expect(rotated.open(old, OWNER)).toBe(secret);
    const resealed = rotated.seal(rotated.open(old, OWNER), OWNER);
    expect(resealed.split(':')[1]).toBe(keyIdOf(KEY));
    expect(createSecretBox(KEY).open(resealed, OWNER)).toBe(secret);
  });

  it('reads KVARBO_SECRET_KEY as base64 or hex and names the variable when it is malformed', () => {
    expect(parseSecretKey(KEY.toString('base64'), 'KVARBO_SECRET_KEY')).toEqual(KEY);
    expect(parseSecretKey(KEY.toString('hex'), 'KVARBO_SECRET_KEY')).toEqual(KEY);
    expect(parseSecretKey(KEY.toString('base64url'), 'KVARBO_SECRET_KEY')).toEqual(KEY);
    expect(readConfig({ KVARBO_SECRET_KEY: KEY.toString('base64') }).secretKey).toEqual(KEY);
    expect(readConfig({}).secretKey).toBeNull();
    for (const bad of ['too-short', crypto.randomBytes(16).toString('base64'), KEY.toString('hex').slice(1) + 'g', 'x'.repeat(44)]) {
      expect(() => readConfig({ KVARBO_SECRET_KEY: bad })).toThrow(/^KVARBO_SECRET_KEY must be 32 bytes/);
    }
    expect(() => readConfig({ KVARBO_SECRET_KEY_PREVIOUS: 'nope' })).toThrow(/^KVARBO_SECRET_KEY_PREVIOUS must be 32 bytes/);
    // The message does not repeat the (possibly real, mistyped) key.
    const almost = KEY.toString('base64').slice(0, 40);
    expect(() => readConfig({ KVARBO_SECRET_KEY: almost })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(almost) }),
    );
  });
});

describe('key file', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-key-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is made once in the data directory with mode 0600 and used again on the next start', () => {
    const dataDir = tempDir();
    const first = loadOrCreateKeyFile(dataDir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(dataDir, 'secret.key'));
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKeyFile(dataDir);
    expect(again.created).toBe(false);
    expect(again.key).toEqual(first.key);
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('is used when KVARBO_SECRET_KEY is not set, and not made when it is', () => {
    const dataDir = tempDir();
    const secret = newTotpSecret();
    const sealed = secretBoxFor(readConfig({ KVARBO_DATA_DIR: dataDir })).seal(secret, OWNER);
    const fileKey = parseSecretKey(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8'), 'file');
    expect(sealed.split(':')[1]).toBe(keyIdOf(fileKey));
    expect(secretBoxFor(readConfig({ KVARBO_DATA_DIR: dataDir })).open(sealed, OWNER)).toBe(secret);

    const envDir = tempDir();
    const box = secretBoxFor(readConfig({ KVARBO_DATA_DIR: envDir, KVARBO_SECRET_KEY: KEY.toString('hex') }));
    expect(box.seal(secret, OWNER).split(':')[1]).toBe(keyIdOf(KEY));
    expect(box.describe()).toEqual({ keyId: keyIdOf(KEY), source: 'KVARBO_SECRET_KEY' });
    expect(fs.existsSync(envDir)).toBe(false);
  });

  it('names the file when its content is not a key', () => {
    const dataDir = tempDir();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'not a key\n');
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(`${path.join(dataDir, 'secret.key')} must be 32 bytes`);
  });
});
