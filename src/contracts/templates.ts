// What the server and the web app both need to know about a message template's text.

/** A plan confirmation: its text uses {{planTerms}}. It is sent when a plan is activated, never from the ordinary send or a campaign. */
export function isPlanConfirmation(v: { subject: string | null; body: string }): boolean {
  return /\{\{\s*planTerms\s*\}\}/.test(`${v.subject ?? ''}\n${v.body}`);
}
