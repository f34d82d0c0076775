/**
 * TLS settings for rediss:// targets. They come from CLI flags (file paths), are checked when
 * the target is parsed, and the files are read only when a socket is opened.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { UsageError } from '../shared/errors.js';

/** TLS flags as given by the user: file paths and whether to skip certificate checks. */
export interface TlsFlags {
  /** PEM file with the CA certificate(s) that signed the server certificate. */
  ca?: string;
  /** PEM client certificate, for servers with `tls-auth-clients yes`. */
  cert?: string;
  /** PEM private key of the client certificate. */
  key?: string;
  /** Skip server certificate verification (self-signed test servers). */
  insecure?: boolean;
  /** Name to verify the certificate against when it differs from the host (SNI). */
  servername?: string;
}

/** Validated TLS settings carried by a Target. */
export interface TlsSettings {
  readonly caPath: string | null;
  readonly certPath: string | null;
  readonly keyPath: string | null;
  readonly insecure: boolean;
  readonly servername: string | null;
}

/** Checks TLS flags for consistency; `where` names the target in messages (already redacted). */
export function tlsSettingsFrom(flags: TlsFlags, where: string): TlsSettings {
  const cert = nonEmpty(flags.cert);
  const key = nonEmpty(flags.key);
  if ((cert === null) !== (key === null)) {
    throw new UsageError(
      `TLS for ${where}: a client certificate needs both --tls-cert and --tls-key, got only ${cert === null ? '--tls-key' : '--tls-cert'}`,
      'pass both files, or neither',
    );
  }
  return {
    caPath: nonEmpty(flags.ca),
    certPath: cert,
    keyPath: key,
    insecure: flags.insecure === true,
    servername: nonEmpty(flags.servername),
  };
}

/** True when any TLS flag was actually given. */
export function hasTlsFlags(flags: TlsFlags | undefined): boolean {
  if (flags === undefined) return false;
  return (
    nonEmpty(flags.ca) !== null ||
    nonEmpty(flags.cert) !== null ||
    nonEmpty(flags.key) !== null ||
    flags.insecure === true ||
    nonEmpty(flags.servername) !== null
  );
}

/** Node `tls.connect` options for `settings`, reading the PEM files now. */
export function tlsConnectOptions(settings: TlsSettings, host: string): TlsConnectOptions {
  const options: TlsConnectOptions = { rejectUnauthorized: !settings.insecure };
  if (settings.caPath !== null) options.ca = readPem(settings.caPath, '--tls-ca');
  if (settings.certPath !== null) options.cert = readPem(settings.certPath, '--tls-cert');
  if (settings.keyPath !== null) options.key = readPem(settings.keyPath, '--tls-key');
  // SNI must not be an IP address (Node warns and servers ignore it).
  const servername = settings.servername ?? (isIpAddress(host) ? undefined : host);
  if (servername !== undefined) options.servername = servername;
  return options;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
    throw new UsageError(`cannot read the ${flag} file ${path} (${code})`, 'check the path and its permissions');
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.length === 0 ? null : value;
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
