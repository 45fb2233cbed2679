import crypto from 'node:crypto';

// The audit log as a hash chain (issue 8): each row carries the hash of the row before it and its own hash over
// its fields and that previous hash, so changing, removing or inserting a row anywhere breaks every hash after it.
// The chain's head (sequence number and last hash) is kept in one row that every append updates first, which
// also serialises appends from several servers on one PostgreSQL database.

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = {
  seq: number;
  at: string;
  user_id: string | null;
  user_name: string;
  unit_id: string | null;
  resident_id: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  ip: string | null;
  prev_hash: string;
};

/** SHA-256 over the fields in a fixed order (a JSON array: no ambiguity between fields, nulls kept). */
export function auditRowHash(r: ChainedFields): string {
  const canonical = JSON.stringify([
    r.seq,
    r.at,
    r.user_id,
    r.user_name,
    r.unit_id,
    r.resident_id,
    r.entity,
    r.entity_id,
    r.action,
    r.ip,
    r.prev_hash,
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export type ChainBreak = { id: number; seq: number | null; reason: 'hash_mismatch' | 'prev_mismatch' | 'seq_gap' | 'head_mismatch' };

/**
 * Walks rows in sequence order and returns the first break, or null. Feed it pages in order; it keeps the state
 * between calls. `finish(head)` checks that the chain ends where the head says (rows removed from the end).
 */
export function chainVerifier() {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  return {
    rows: () => rows,
    check(r: ChainedFields & { id: number | string; hash: string | null }): ChainBreak | null {
      const id = Number(r.id);
      lastId = id;
      rows += 1;
      if (Number(r.seq) !== expectedSeq) return { id, seq: r.seq === null ? null : Number(r.seq), reason: 'seq_gap' };
      if (r.prev_hash !== prev) return { id, seq: expectedSeq, reason: 'prev_mismatch' };
      if (auditRowHash({ ...r, seq: Number(r.seq) }) !== r.hash) return { id, seq: expectedSeq, reason: 'hash_mismatch' };
      prev = r.hash;
      expectedSeq += 1;
      return null;
    },
    finish(head: { seq: number; hash: string }): ChainBreak | null {
      if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev) return { id: lastId, seq: expectedSeq - 1, reason: 'head_mismatch' };
      return null;
    },
  };
}
