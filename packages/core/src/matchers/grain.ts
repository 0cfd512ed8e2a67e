/**
 * Grain glob matching (Salt's `-G` / `G@`), e.g. `ip4_interfaces:eth0:127.0.0.1`: keys walk nested grains
 * (see subdict.ts); the last part is an fnmatch glob on the value, compared case-insensitively.
 */
import { subdictTarget } from './subdict';

/** Leaf for a grain target: `(tgt, delimiter = ':') => TargetLeaf`; throws TargetError for a target without a key. */
export const grainLeaf = subdictTarget('grains', 'glob');
