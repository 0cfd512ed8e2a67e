/**
 * Where the master's local client channel is found on disk: its ipc socket
 * in sock_dir and the root key in cachedir. The master creates both; salt,
 * salt-key and salt-run read them. Kept apart from the master's code so a
 * CLI finds them without loading it.
 */
import path from 'node:path';

/** Path of the local client socket in sock_dir. */
export function clientSocketPath(sockDir: string): string {
  return path.join(sockDir, 'master_client.ipc');
}

/** Path of the root key file in cachedir (hex, 0600, as Salt's `.root_key`). */
export function rootKeyPath(cachedir: string): string {
  return path.join(cachedir, '.root_key');
}
