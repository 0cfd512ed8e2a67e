/**
 * `salt-key`: list, accept, reject and delete minion keys in the master's
 * pki_dir, and show fingerprints, with Salt's flags, prompts and listings.
 * Changes are reported to a running master, which rotates the session key
 * when an accepted key is deleted or rejected. A user other than root (who
 * cannot read pki_dir) works through the master instead: the master runs
 * Salt's wheel key functions for them, if publisher_acl allows them `@wheel`.
 * It also writes key pairs (`--gen-keys`, as Salt's) and registers remote
 * clients bound to a user (`--client`, `--list-clients`, `--delete-client`, brine's).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fingerprint, formatPublicKeys, loadKeys, loadOrCreateKeys, parsePublicKeys, sameKeys, type PublicKeys } from '@brine/core/crypto/keys';
import { errorMessage, SaltInvocationError } from '@brine/core/errors';
import { ClientKeys, isValidClientName } from '@brine/master/client-keys';
import { globMatch } from '@brine/core/matchers/glob';
import { KEY_DIRS, Pki, type KeyState } from '@brine/master/pki';
import { connectLocal, loadMasterConfig, localCredential, withLocalClient, type LocalClient } from '../client';
import { defineCommand } from '../command';
import { EX_OK } from '../exit-codes';
import { configOptions, longLoggingOptions, outputOptions } from '../options';
import type { MasterConfig } from '@brine/core/config/master';
import { Printer } from '../printer';

/** The order of salt-key's data, as Salt's key listing (which --out json and yaml keep). */
const ORDER: KeyState[] = ['accepted', 'pending', 'rejected', 'denied'];

/** `-l` arguments and the states they list. */
const LIST_ARGS: Record<string, KeyState[]> = {
  acc: ['accepted'], accepted: ['accepted'],
  un: ['pending'], unaccepted: ['pending'], pre: ['pending'],
  rej: ['rejected'], rejected: ['rejected'],
  den: ['denied'], denied: ['denied'],
  all: ['accepted', 'denied', 'pending', 'rejected'],
};

type Listing = Partial<Record<KeyState, string[]>>;
type Verb = 'accept' | 'reject' | 'delete';

/** Where salt-key finds and changes keys: pki_dir itself, or the master (for a user who cannot read pki_dir). */
interface KeyStore {
  /** The ids of every state. */
  all(): Promise<Record<KeyState, string[]>>;
  /**
   * Accept, reject or delete the keys of `l` (the ids listed per state).
   * @returns the ids acted on, in the order of `l`
   */
  apply(verb: Verb, l: Listing): Promise<string[]>;
  /** The public key text of `id` in `state`, for fingerprints. */
  read(state: KeyState, id: string): string;
}

/** Why a user other than root cannot print fingerprints. */
const MSG_FINGER_AS_USER = 'salt-key -f/-F reads the key files in pki_dir: run it as root.';

/** The state folders' names (Salt's key.list_all keys) back to states. */
const STATE_OF_DIR = Object.fromEntries(Object.entries(KEY_DIRS).map(([state, dir]) => [dir, state])) as Record<string, KeyState>;

/**
 * Tell a running master to look at pki_dir now, and what was done (it fires salt/key). It does on its own (a removed key stops working on the
 * minion's next request, and rotates the session key before the next job); this only saves that delay.
 */
async function notifyMaster(config: MasterConfig, ids: string[], verb: Verb): Promise<void> {
  let client: LocalClient | undefined;
  try {
    client = connectLocal(config, 5000);
    await client.key_event({ ids, act: verb });
  } catch {
    // No master running (or not answering): it reads pki_dir when it starts, or on its next request.
  } finally {
    client?.close();
  }
}

/** pki_dir, read and changed by salt-key itself (root, or the master's user). */
function pkiStore(config: MasterConfig, pki: Pki): KeyStore {
  return {
    all: async () => Object.fromEntries((Object.keys(KEY_DIRS) as KeyState[]).map((s) => [s, pki.list(s)])) as Record<KeyState, string[]>,
    async apply(verb, l) {
      const touched: string[] = [];
      for (const [state, ids] of Object.entries(l) as Array<[KeyState, string[]]>) {
        for (const id of ids) {
          if (verb === 'delete') pki.remove(state, id);
          else pki.move(id, state, verb === 'accept' ? 'accepted' : 'rejected');
          touched.push(id);
        }
      }
      await notifyMaster(config, touched, verb);
      return touched;
    },
    read: (state, id) => pki.read(state, id) ?? '',
  };
}

/**
 * The master's wheel key functions, for a user who cannot read pki_dir (publisher_acl must allow them `@wheel`).
 * Fingerprints need the key files, which only root reads.
 */
function masterStore(config: MasterConfig): KeyStore {
  const wheel = (fun: string, kwarg: Record<string, unknown> = {}) => withLocalClient(config, (client) => client.wheel({ fun, arg: [], kwarg }));
  return {
    async all() {
      const dirs = await wheel('key.list_all');
      const out = { accepted: [], pending: [], rejected: [], denied: [] } as Record<KeyState, string[]>;
      for (const [dir, ids] of Object.entries(dirs)) if (Object.hasOwn(STATE_OF_DIR, dir) && Array.isArray(ids)) out[STATE_OF_DIR[dir]] = ids.map(String);
      return out;
    },
    async apply(verb, l) {
      // The ids listed, by name, and the flags that let the master act on their states: exactly the keys shown.
      const ids = Object.values(l).flat();
      const states = Object.keys(l) as KeyState[];
      const flags = Object.fromEntries(states.filter((st) => st !== 'pending').map((st) => [`include_${st}`, true]));
      const done = await wheel(`key.${verb}`, { match: ids, ...(verb === 'delete' ? {} : flags) });
      const touched = new Set(Array.isArray(done.minions) ? done.minions.map(String) : []);
      return ids.filter((id) => touched.has(id));
    },
    read: () => {
      throw new SaltInvocationError(MSG_FINGER_AS_USER);
    },
  };
}

/**
 * Ask `question` on stdout and read one answer line from stdin (a terminal or a pipe, as Salt's `printf 'y\n' | salt-key -a`).
 * @returns whether the answer is yes (an empty answer is `defaultYes`), or undefined when stdin ended without one
 */
async function confirm(question: string, defaultYes: boolean): Promise<boolean | undefined> {
  process.stdout.write(question);
  if (!process.stdin.readable) {
    process.stdout.write('\n');
    return undefined;
  }
  const rl = readline.createInterface({ input: process.stdin });
  const answer = await new Promise<string | undefined>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(undefined));
  });
  rl.close();
  if (answer === undefined) {
    process.stdout.write('\n');
    return undefined;
  }
  const a = answer.trim().toLowerCase();
  return a === '' ? defaultYes : a === 'y' || a === 'yes';
}

/**
 * `salt-key --gen-keys NAME --gen-keys-dir DIR`, as Salt's: write the key pair NAME.pem (0600) and NAME.pub in DIR,
 * keeping a pair already there, and print the public key's fingerprint.
 * @returns EX_OK
 * @throws SaltInvocationError for a NAME that is not a valid client name (it names the files)
 */
function genKeys(name: string, dir: string): number {
  if (!isValidClientName(name)) throw new SaltInvocationError(`Invalid key name ${JSON.stringify(name)}: use letters, digits, '_', '.' and '-' (at most 64)`);
  loadOrCreateKeys(dir, name);
  const pub = path.join(dir, `${name}.pub`);
  process.stdout.write(`Keys ${path.join(dir, name)}.pem and ${pub}: ${fingerprint(fs.readFileSync(pub, 'utf8'))}\n`);
  return EX_OK;
}

/**
 * salt-key's remote client options (brine's): `--client NAME --user USER --pub FILE` registers a client's public key
 * bound to a user, refusing a key that a minion (in any state) or the master holds; `--list-clients` prints
 * {name: {user, fingerprint}}; `--delete-client NAME` removes one. Root only: they read and write pki_dir.
 * @returns EX_OK
 * @throws SaltInvocationError for a missing --user or --pub, an unreadable or malformed key, a key a minion or the
 *   master holds, an invalid name, or a client that is not registered (--delete-client)
 */
function clientKeys(config: MasterConfig, a: { client?: string; user?: string; pub?: string; 'list-clients'?: boolean; 'delete-client'?: string }, printer: Printer): number {
  if (!fs.existsSync(config.pki_dir)) throw new SaltInvocationError(`No master keys at ${config.pki_dir}: remote clients are registered as root on the master`);
  const clients = new ClientKeys(config.pki_dir);
  if (a['list-clients']) {
    printer.print(Object.fromEntries(clients.list().map((c) => [c.name, { user: c.user, fingerprint: fingerprint(formatPublicKeys(c.pub)) }])));
    return EX_OK;
  }
  if (a['delete-client'] !== undefined) {
    const name = a['delete-client'];
    if (!clients.remove(name)) throw new SaltInvocationError(`The client '${name}' is not registered.`);
    process.stdout.write(`Key for client ${name} deleted.\n`);
    return EX_OK;
  }
  const name = a.client!;
  if (!a.user || !a.pub) throw new SaltInvocationError('--client needs --user USER (who its commands run as) and --pub FILE (its public key)');
  let text: string;
  let pub: PublicKeys;
  try {
    text = fs.readFileSync(a.pub, 'utf8');
    pub = parsePublicKeys(text, a.pub);
  } catch (err) {
    throw new SaltInvocationError(`Cannot read the client's public key: ${errorMessage(err)}`);
  }
  const pki = new Pki(config.pki_dir, false);
  const minion = (Object.keys(KEY_DIRS) as KeyState[]).flatMap((st) => pki.list(st).map((id) => [st, id] as const)).find(([st, id]) => {
    const held = pki.read(st, id);
    return held !== undefined && sameKeys(parsePublicKeys(held, id), pub);
  });
  if (minion) throw new SaltInvocationError(`This key is the key of minion ${minion[1]} (${minion[0]}): a minion's key cannot act as a client`);
  if (sameKeys(loadKeys(path.join(config.pki_dir, 'master.pem')).pub, pub)) throw new SaltInvocationError("This key is the master's own key");
  clients.register(name, a.user, text);
  process.stdout.write(`Key for client ${name} (user ${a.user}) accepted: ${fingerprint(formatPublicKeys(pub))}\n`);
  return EX_OK;
}

export default defineCommand({
  name: 'salt-key',
  usage: 'Usage: salt-key [options]',
  description: 'List, accept, reject and delete the public keys of minions, and print their fingerprints.',
  groups: [configOptions, longLoggingOptions, outputOptions],
  complete: { values: { list: () => Object.keys(LIST_ARGS) } },
  options: (y) =>
    y
      .option('list-all', { alias: 'L', type: 'boolean', describe: 'List all public keys' })
      .option('list', { alias: 'l', type: 'string', describe: 'List keys in a state: acc, un, rej, den, all' })
      .option('accept', { alias: 'a', type: 'string', describe: 'Accept the pending keys matching this glob' })
      .option('accept-all', { alias: 'A', type: 'boolean', describe: 'Accept all pending keys' })
      .option('reject', { alias: 'r', type: 'string', describe: 'Reject the pending keys matching this glob' })
      .option('reject-all', { alias: 'R', type: 'boolean', describe: 'Reject all pending keys' })
      .option('delete', { alias: 'd', type: 'string', describe: 'Delete the keys matching this glob' })
      .option('delete-all', { alias: 'D', type: 'boolean', describe: 'Delete all keys' })
      .option('finger', { alias: 'f', type: 'string', describe: 'Print the fingerprints of the keys matching this glob' })
      .option('finger-all', { alias: 'F', type: 'boolean', describe: 'Print all key fingerprints' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Answer yes to every question' })
      .option('include-accepted', { type: 'boolean', default: false, describe: 'Let -r/-R reject accepted keys too' })
      .option('include-rejected', { type: 'boolean', default: false, describe: 'Let -a/-A accept rejected keys too' })
      .option('include-denied', { type: 'boolean', default: false, describe: 'Let -a/-A and -r/-R act on denied keys too' })
      .option('gen-keys', { type: 'string', describe: 'Write a new key pair NAME.pem and NAME.pub (a remote client\'s) in --gen-keys-dir' })
      .option('gen-keys-dir', { type: 'string', default: '.', describe: 'Where --gen-keys writes the key pair' })
      .option('client', { type: 'string', describe: 'Register a remote client NAME with the public key --pub, bound to --user (brine\'s)' })
      .option('user', { type: 'string', describe: 'With --client: the user the client\'s commands are judged as (publisher_acl, policies, audit)' })
      .option('pub', { type: 'string', describe: 'With --client: the client\'s public key file (NAME.pub from --gen-keys)' })
      .option('list-clients', { type: 'boolean', describe: 'List the registered remote clients and their users' })
      .option('delete-client', { type: 'string', describe: 'Delete the remote client NAME: it is refused from its next request' }),
  /**
   * List, accept, reject or delete keys, or print fingerprints; tell a running master what changed. Or generate a
   * key pair (--gen-keys), or register, list or delete remote clients (--client, --list-clients, --delete-client).
   * @returns the exit code: 0 (errors throw)
   * @throws SaltInvocationError for an unknown key state given to -l, or a pki_dir that does not exist
   */
  async handler(a) {
    // On the client's host: no master configuration needed.
    if (a['gen-keys'] !== undefined) return genKeys(a['gen-keys'], a['gen-keys-dir']);
    const config = loadMasterConfig(a['config-dir']);
    if (a.client !== undefined || a['list-clients'] || a['delete-client'] !== undefined) return clientKeys(config, a, Printer.from(a));
    // A user other than root goes through the master (localCredential says which key this process has).
    const asUser = process.getuid?.() !== 0 && !localCredential(config).root;
    // salt-key creates nothing: without the master's pki_dir, this is not the master's configuration.
    if (!asUser && !fs.existsSync(config.pki_dir)) {
      throw new SaltInvocationError(`No master keys at ${config.pki_dir}: is ${a['config-dir']} the master's configuration folder (-c)?`);
    }
    if (asUser && (a.finger !== undefined || a['finger-all'])) throw new SaltInvocationError(MSG_FINGER_AS_USER);
    const store = asUser ? masterStore(config) : pkiStore(config, new Pki(config.pki_dir, false));
    const listing = async (states: KeyState[], glob = '*'): Promise<Listing> => {
      const all = await store.all();
      return Object.fromEntries(states.map((s) => [s, all[s].filter((id) => globMatch(glob, id))]));
    };

    const printer = Printer.from(a);
    /** Print a listing (with fingerprints) through the key outputter, or --out's. */
    const show = (l: Listing, fingers = false) => {
      const data: Record<string, unknown> = {};
      if (fingers && a['finger-all'] && l.accepted !== undefined) {
        data.local = Object.fromEntries(['master.pem', 'master.pub'].map((f) => [f, fingerprint(fs.readFileSync(path.join(config.pki_dir, f), 'utf8'))]));
      }
      for (const state of ORDER) {
        const ids = l[state];
        if (ids === undefined || (fingers && ids.length === 0)) continue;
        data[KEY_DIRS[state]] = fingers ? Object.fromEntries(ids.map((id) => [id, fingerprint(store.read(state, id))])) : ids;
      }
      printer.print(data, 0, 'key');
    };

    /** Ask (unless -y), move or delete, print Salt's per-key line, then tell the master. */
    const act = async (verb: Verb, l: Listing, glob: string): Promise<number> => {
      const total = Object.values(l).reduce((n, ids) => n + (ids?.length ?? 0), 0);
      if (total === 0) {
        const where = verb === 'delete' ? 'accepted, unaccepted or rejected' : 'unaccepted';
        process.stdout.write(`The key glob '${glob}' does not match any ${where} keys.\n`);
        return EX_OK;
      }
      const past = { accept: 'accepted', reject: 'rejected', delete: 'deleted' }[verb];
      if (!a.yes) {
        process.stdout.write(`The following keys are going to be ${past}:\n`);
        show(l);
        const ok = await confirm(verb === 'delete' ? 'Proceed? [N/y] ' : 'Proceed? [n/Y] ', verb !== 'delete');
        if (ok === undefined) {
          throw new SaltInvocationError(`No answer on standard input: no key was ${past}. Pass -y to ${verb} without a prompt.`);
        }
        if (!ok) return EX_OK;
      }
      for (const id of await store.apply(verb, l)) process.stdout.write(`Key for minion ${id} ${past}.\n`);
      return EX_OK;
    };

    const include = (base: KeyState[], flags: Array<[boolean, KeyState]>) => [...base, ...flags.filter(([on]) => on).map(([, s]) => s)];
    if (a['list-all']) show(await listing(['accepted', 'denied', 'pending', 'rejected']));
    else if (a.list !== undefined) {
      const states = Object.hasOwn(LIST_ARGS, a.list) ? LIST_ARGS[a.list] : undefined;
      if (!states) throw new SaltInvocationError(`Invalid key state '${a.list}': use acc, un, rej, den or all`);
      show(await listing(states));
    } else if (a.accept !== undefined || a['accept-all']) {
      const glob = a.accept ?? '*';
      return act('accept', await listing(include(['pending'], [[a['include-rejected'], 'rejected'], [a['include-denied'], 'denied']]), glob), glob);
    } else if (a.reject !== undefined || a['reject-all']) {
      const glob = a.reject ?? '*';
      return act('reject', await listing(include(['pending'], [[a['include-accepted'], 'accepted'], [a['include-denied'], 'denied']]), glob), glob);
    } else if (a.delete !== undefined || a['delete-all']) {
      const glob = a.delete ?? '*';
      return act('delete', await listing(['accepted', 'denied', 'pending', 'rejected'], glob), glob);
    } else if (a.finger !== undefined || a['finger-all']) {
      show(await listing(['accepted', 'denied', 'pending', 'rejected'], a.finger ?? '*'), true);
    } else {
      show(await listing(['accepted', 'denied', 'pending', 'rejected']));
    }
    return EX_OK;
  },
});
