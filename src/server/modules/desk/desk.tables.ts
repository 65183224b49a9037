export type CallbackTable = {
  id: string;
  case_id: string;
  /** null: scheduled by the nightly run's strategy (0029), not agreed on a contact. */
  attempt_id: string | null;
  party_kind: 'debtor' | 'contact_person';
  party_id: string;
  contact_point_id: string | null;
  due_at: string;
  /** pending until the case is worked again (a later outcome on the case closes it as done). */
  status: 'pending' | 'done' | 'cancelled';
  created_by: string | null;
  created_at: string;
};
export type DeskTables = { callback: CallbackTable };
