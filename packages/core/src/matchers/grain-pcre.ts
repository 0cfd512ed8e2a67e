/**
 * Grain regex matching (Salt's `-P` / `P@`), e.g. `os:(Debian|Ubuntu)`: keys walk nested grains
 * (see subdict.ts); the last part is a regex matched as Python's `re.match` (anchored at the start only), case-insensitively.
 */
import { subdictTarget } from './subdict';

/**
 * Leaf for a grain PCRE target: `(tgt, delimiter = ':') => TargetLeaf`;
 * throws TargetError for a target without a key or with an invalid regex.
 */
export const grainPcreLeaf = subdictTarget('grains', 'regex');
