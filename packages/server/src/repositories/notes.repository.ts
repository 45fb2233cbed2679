import type { Q } from './query.ts';

export function notesOf(q: Q, residentId: string) {
  return q
    .selectFrom('resident_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.display_name as author_name'])
    .where('n.resident_id', '=', residentId)
    .orderBy('n.created_at', 'desc')
    .execute();
}

export async function insertNote(q: Q, row: { id: string; resident_id: string; author_id: string; body: string; created_at: string }) {
  await q.insertInto('resident_notes').values(row).execute();
}
