import { evaluate, type TargetLeaf, type TargetNode, type Tri } from '@brine/core/matchers/tree';

const leafOf = (value: Tri): TargetLeaf & { value: Tri } => ({ op: 'leaf', needsData: value === null, value, test: () => value === true });
const T = leafOf(true);
const F = leafOf(false);
const M = leafOf(null);
const and = (...args: TargetNode[]): TargetNode => ({ op: 'and', args });
const or = (...args: TargetNode[]): TargetNode => ({ op: 'or', args });
const not = (arg: TargetNode): TargetNode => ({ op: 'not', arg });

describe('evaluate (three-valued)', () => {
  it.each<[string, TargetNode, Tri]>([
    ['T', T, true],
    ['not M', not(M), null],
    ['not F', not(F), true],
    ['T and M', and(T, M), null],
    ['M and F', and(M, F), false],
    ['T and T and T', and(T, T, T), true],
    ['M or T', or(M, T), true],
    ['F or M', or(F, M), null],
    ['F or F', or(F, F), false],
    ['not (M and F)', not(and(M, F)), true],
    ['(T or M) and not M', and(or(T, M), not(M)), null],
  ])('%s', (_name, node, expected) => {
    expect(evaluate(node, (leaf) => (leaf as ReturnType<typeof leafOf>).value)).toBe(expected);
  });

  it('stops at the first deciding argument', () => {
    const asked: Tri[] = [];
    evaluate(or(F, T, M), (leaf) => {
      const { value } = leaf as ReturnType<typeof leafOf>;
      asked.push(value);
      return value;
    });
    expect(asked).toEqual([false, true]);
  });
});
