import type { FormInstance } from 'antd';
import { isApiError } from './client.js';

/**
 * Puts the API's field issues (`error.issues[{path,message}]`) on the matching form fields.
 * Returns the message to show for anything that did not match a field (or null if all did).
 */
export const applyApiErrors = (form: FormInstance, err: unknown, fallback: string): string | null => {
  if (!isApiError(err)) return err instanceof Error ? err.message : fallback;
  const names = new Set(Object.keys((form.getFieldsValue() ?? {}) as object));
  const fields: { name: string; errors: string[] }[] = [];
  const unmatched: string[] = [];
  for (const issue of err.issues) {
    // paths may come as "username", "body.username" or "body/username"
    const name = issue.path.split(/[./]/).filter(Boolean).pop() ?? '';
    if (names.has(name)) fields.push({ name, errors: [issue.message] });
    else unmatched.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  if (fields.length > 0) form.setFields(fields);
  if (fields.length > 0 && unmatched.length === 0) return null;
  return unmatched.length > 0 ? unmatched.join('; ') : err.message || fallback;
};
