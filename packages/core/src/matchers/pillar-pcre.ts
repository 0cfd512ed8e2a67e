/**
 * Pillar regex matching (Salt's `-J` / `J@`), e.g. `role:^(web|db)$`: keys walk nested pillar
 * (see subdict.ts); the last part is a regex matched as Python's `re.match` (anchored at the start only), case-insensitively.
 */
import { subdictTarget } from './subdict';

/**
 * Leaf for a pillar PCRE target: `(tgt, delimiter = ':') => TargetLeaf`;
 * throws TargetError for a target without a key or with an invalid regex.
 */
export const pillarPcreLeaf = subdictTarget('pillar', 'regex');
