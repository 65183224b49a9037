// Row types of the scripts module (issue 5): the call script, one current text per locale and section (0019).
export type CallScriptTable = {
  id: string;
  locale: string;
  section: string;
  /** The lines to read, with {{variables}}. */
  body: string;
  /** A short tip for the collector; never read out. */
  tip: string;
  version: number;
  /** null: the shipped default. */
  updated_by: string | null;
  updated_at: string;
};
export type ScriptTables = { call_script: CallScriptTable };
