/** The connection flags shared by every command that talks to a server. */
import type { Argv } from 'yargs';
import type { TlsFlags } from '../../client/tls-settings.js';

export interface TargetArgs {
  target?: string;
  local?: boolean;
  'tls-ca'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  insecure?: boolean;
  cluster?: boolean;
}

/** Adds --target, --local and the TLS flags. */
export function withTargetOptions<T>(y: Argv<T>): Argv<T & TargetArgs> {
  return y
    .option('target', {
      type: 'string',
      describe:
        'server URL: redis://[user:pass@]host:port[/db], rediss://..., unix:///path.sock, cluster://host:port[,host:port], sentinel://host:port[,...]/MASTER (default: $REDIS_URL, else redis://127.0.0.1:6379)',
    })
    .option('cluster', { type: 'boolean', describe: 'treat the target as a Redis Cluster seed node (detected from INFO cluster otherwise)' })
    .option('local', { type: 'boolean', describe: 'start a throwaway redis-server on a free port and use it' })
    .option('tls-ca', { type: 'string', describe: 'CA certificate file for rediss://' })
    .option('tls-cert', { type: 'string', describe: 'client certificate file for rediss://' })
    .option('tls-key', { type: 'string', describe: 'client key file for rediss://' })
    .option('insecure', { type: 'boolean', describe: 'rediss:// without verifying the server certificate' })
    .conflicts('local', 'target') as Argv<T & TargetArgs>;
}

/** The TLS flags as the URL parser takes them. */
export function tlsFlags(args: TargetArgs): TlsFlags {
  const flags: TlsFlags = {};
  if (args['tls-ca']) flags.ca = args['tls-ca'];
  if (args['tls-cert']) flags.cert = args['tls-cert'];
  if (args['tls-key']) flags.key = args['tls-key'];
  if (args.insecure) flags.insecure = true;
  return flags;
}
