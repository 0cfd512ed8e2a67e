/**
 * Where the master's local client channel is found on disk: its ipc socket
 * in sock_dir, the root key and the users' keys in cachedir. The master creates both; salt,
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

/** Path of the key file of a user publisher_acl names (hex, 0400, owned by the user, as Salt's `.<user>_key`). */
export function userKeyPath(cachedir: string, user: string): string {
  return path.join(cachedir, `.${user}_key`);
}
