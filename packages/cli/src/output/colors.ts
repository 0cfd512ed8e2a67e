/**
 * The ANSI colours the outputters print with, from Salt's default theme
 * (salt.utils.color.get_colors), and Salt's `color: False`, where every
 * code is empty.
 */

/** The codes of Salt's default theme that brine's outputters use. */
const CODES = {
  RED: '\x1b[0;31m',
  LIGHT_RED: '\x1b[0;1;31m',
  GREEN: '\x1b[0;32m',
  LIGHT_YELLOW: '\x1b[0;1;33m',
  BLUE: '\x1b[0;34m',
  PURPLE: '\x1b[0;35m',
  CYAN: '\x1b[0;36m',
  ENDC: '\x1b[0;0m',
};

/** A colour theme: each name to its code ('' without colour). */
export type Theme = Readonly<Record<keyof typeof CODES, string>>;

const PLAIN: Theme = Object.fromEntries(Object.keys(CODES).map((k) => [k, ''])) as Theme;

/** Salt's default theme when `color` is true, else the theme of empty codes. */
export function theme(color: boolean): Theme {
  return color ? CODES : PLAIN;
}
