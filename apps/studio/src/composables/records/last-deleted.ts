/** The record just moved to the recycle bin, so the list it lands on can offer to undo. */
import { shallowRef } from 'vue';

export interface DeletedRecord {
  object: string;
  id: string;
  name: string;
}

export const lastDeleted = shallowRef<DeletedRecord | null>(null);
