/**
 * Keeping secrets out of messages. Every string that may reach a terminal, a log or a
 * report and that was built from a URL or a server message goes through one of these.
 */

/** The text shown in place of a password. */
export const REDACTED = '***';

/**
 * A URL with its password replaced by `***`: the `user:password@` part and any `password=`
 * (or `sentinelPassword=`) query parameter. Works on malformed URLs too, because those end up in error messages.
 */
export function redactUrl(raw: string): string {
  let text = raw;
  const schemeEnd = text.indexOf('://');
  if (schemeEnd >= 0) {
    const start = schemeEnd + 3;
    // The last '@' ends the user info: an unescaped '@' or '/' inside a password is common
    // enough that stopping at the first one would leak the rest of the password.
    const queryStart = text.indexOf('?', start);
    const searchEnd = queryStart >= 0 ? queryStart : text.length;
    const at = text.lastIndexOf('@', searchEnd - 1);
    if (at >= start) {
      const colon = text.indexOf(':', start);
      if (colon >= 0 && colon < at) text = `${text.slice(0, colon + 1)}${REDACTED}${text.slice(at)}`;
    }
  }
  // Also sentinelPassword= and other *password= parameters.
  return text.replace(/([?&](?:[a-z_]*password|pass|pwd)=)[^&#]*/gi, `$1${REDACTED}`);
}

/** `text` with every occurrence of each non-empty secret replaced by `***`. */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length === 0) continue;
    out = out.split(secret).join(REDACTED);
    // A percent-encoded form may appear when a URL was echoed back.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
