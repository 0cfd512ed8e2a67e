/**
 * Pillar glob matching (Salt's `-I` / `I@`), e.g. `role:web*`: keys walk nested pillar
 * (see subdict.ts); the last part is an fnmatch glob on the value, compared case-insensitively.
 */
import { subdictTarget } from './subdict';

/** Leaf for a pillar target: `(tgt, delimiter = ':') => TargetLeaf`; throws TargetError for a target without a key. */
export const pillarLeaf = subdictTarget('pillar', 'glob');
