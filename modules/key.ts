/**
 * Salt's `key` execution module: the fingerprints of the keys this minion
 * holds, so an admin can compare them with what the master shows
 * (`salt-key -f <id>`, and master.pub under `salt-key -F`) before trusting either side.
 * The fingerprint is the one salt-key prints (crypto/keys.ts fingerprint:
 * the hash of the key file's text, as colon-separated hex pairs). As Salt's
 * `pem_finger`, a key file that does not exist gives '' (salt-call --local
 * on a host whose minion never ran has no key, and creates none).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from '@brine/core/crypto/keys';
import { SaltInvocationError } from '@brine/core/errors';
import { defineFunction, defineModule, type ArgSpec } from '@brine/core/loader/define';
import { unlessGone } from '@brine/core/paths';

const HASH_ARGS = [
  {
    name: 'hash_type',
    type: 'string',
    default: 'sha256',
    doc: "The hash of the fingerprint: sha256, as salt-key prints it, or another Node's crypto knows (sha512, md5, ...).",
  },
] as const satisfies readonly ArgSpec[];

/**
 * The fingerprint of the key file `name` in pki_dir, or '' when there is none.
 * @throws SaltInvocationError for a hash Node's crypto does not know
 * @throws Error when the file exists but cannot be read
 */
function fileFinger(pkiDir: string, name: string, hashType: string): string {
  if (!crypto.getHashes().includes(hashType)) throw new SaltInvocationError(`Unknown hash_type ${JSON.stringify(hashType)}: use sha256, sha512, sha1 or md5`);
  const text = unlessGone(() => fs.readFileSync(path.join(pkiDir, name), 'utf8'));
  return text === undefined ? '' : fingerprint(text, hashType);
}

export default defineModule({
  name: 'key',
  doc: "Show the fingerprints of this minion's public key and of the master key it pinned, to compare with salt-key on the master.",
  functions: {
    finger: defineFunction({
      doc:
        "Return the fingerprint of this minion's public key (pki_dir/minion.pub), the string `salt-key -f <id>`\n" +
        'prints for it on the master: compare the two before accepting the key. Returns an empty string when the\n' +
        'minion has no key yet (it creates one when it first contacts a master), as Salt.',
      example: "salt '*' key.finger",
      args: HASH_ARGS,
      run: (ctx, a) => fileFinger(ctx.opts.pki_dir, 'minion.pub', a.hash_type),
    }),
    finger_master: defineFunction({
      doc:
        "Return the fingerprint of the master's public key as this minion pinned it (pki_dir/minion_master.pub),\n" +
        'the string `salt-key -F` prints for master.pub under Local Keys on the master (a value for master_finger).\n' +
        'Returns an empty string when no master has accepted this minion yet, as Salt.',
      example: "salt '*' key.finger_master",
      args: HASH_ARGS,
      run: (ctx, a) => fileFinger(ctx.opts.pki_dir, 'minion_master.pub', a.hash_type),
    }),
  },
});
