/**
 * percentFormat: Python's `format % values`. Every expectation is CPython
 * 3.11's output (or `!Type: message`) for the same operands.
 */
import { percentFormat } from '@brine/core/jinja/python/percent-format';
import { PyError, Undefined, UndefinedError, tuple } from '@brine/core/jinja/runtime/values';

/** `format % values`, or the error as `!Type: message`. */
function outcome(format: string, values: unknown): string {
  try {
    return percentFormat(format, values);
  } catch (e) {
    if (e instanceof PyError) return `!${e.pyType}: ${e.message}`;
    throw e;
  }
}

describe('percentFormat (CPython 3.11 str % values)', () => {
  it.each<[string, unknown, string]>([
    ["/home/%s", "alice", "/home/alice"],
    ["%s:%d", tuple(["h", 80]), "h:80"],
    ["%s %s", [1, 2], "!TypeError: not enough arguments for format string"],
    ["abc", [], "abc"],
    ["abc", 5, "!TypeError: not all arguments converted during string formatting"],
    ["abc", new Map<unknown, unknown>([]), "abc"],
    ["abc", tuple([]), "abc"],
    ["%(a)s", [1], "!TypeError: list indices must be integers or slices, not str"],
    ["%(a)s", 1, "!TypeError: format requires a mapping"],
    ["%5%", tuple([]), "!TypeError: not enough arguments for format string"],
    ["%5%", 1, "!ValueError: unsupported format character '%' (0x25) at index 2"],
    ["%d", "x", "!TypeError: %d format: a real number is required, not str"],
    ["%x", 1.5, "!TypeError: %x format: an integer is required, not float"],
    ["%f", "x", "!TypeError: must be real number, not str"],
    ["%c", "ab", "!TypeError: %c requires int or char"],
    ["%c", 1.5, "!TypeError: %c requires int or char"],
    ["%c", 1114112, "!OverflowError: %c arg not in range(0x110000)"],
    ["%c", -1, "!OverflowError: %c arg not in range(0x110000)"],
    ["%q", 1, "!ValueError: unsupported format character 'q' (0x71) at index 1"],
    ["%", 1, "!ValueError: incomplete format"],
    ["%(a", new Map<unknown, unknown>([]), "!ValueError: incomplete format key"],
    ["%*d", tuple(["x", 1]), "!TypeError: * wants int"],
    ["%s %s", tuple([1]), "!TypeError: not enough arguments for format string"],
    ["%s", tuple([1, 2]), "!TypeError: not all arguments converted during string formatting"],
    ["%s", tuple([]), "!TypeError: not enough arguments for format string"],
    ["%s", tuple([tuple([1, 2])]), "(1, 2)"],
    ["%s", [1, 2], "[1, 2]"],
    ["%.3d|%#x|%#o|%+.2f|% d|%-5d|%05d|%-05d|%5.1s|", tuple([5, 255, 8, 1.5, 3, 4, -4, 4, "abc"]), "005|0xff|0o10|+1.50| 3|4    |-0004|4    |    a|"],
    ["%e|%E|%g|%G|%#g|%g|%g", tuple([12345.678, 1e-10, 1e-05, 1e+20, 1.5, 100000, 1000000]), "1.234568e+04|1.000000E-10|1e-05|1E+20|1.50000|100000|1e+06"],
    ["%r %a %s", tuple(["é", "é", null]), "'é' '\\xe9' None"],
    ["%d %i %u", tuple([3.7, -3.7, true]), "3 -3 1"],
    ["%x %X %o", tuple([-255, 255, -8]), "-ff FF -10"],
    ["%s", new Map<unknown, unknown>([["a", 1]]), "{'a': 1}"],
    ["%(a)s %(b)d", new Map<unknown, unknown>([["a", 1], ["b", 2]]), "1 2"],
    ["%.0f %.0f %.2f %.1f %.2f", tuple([2.5, 3.5, 0.125, 0.25, 1.005]), "2 4 0.12 0.2 1.00"],
    ["%.*f|%*s", tuple([2, 1.23456, 5, "a"]), "1.23|    a"],
    ["%c%c", tuple([65, "b"]), "Ab"],
    ["%10.3e", 1.5, " 1.500e+00"],
    ["%f", 1e+300, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"],
    ["%-+8.2f|", 3.14159, "+3.14   |"],
    ["%#.0f %#.0e %#x", tuple([3, 3, 0]), "3. 3.e+00 0x0"],
    ["%05s|%05c|%-05d|%05r", tuple(["a", "b", 3, "x"]), "    a|    b|3    |  'x'"],
    ["%05f|%+f|% f|%-8f|", tuple([Infinity, Infinity, NaN, -Infinity]), "00inf|+inf| nan|-inf    |"],
    ["%#06x|%-#6x|%+05d|% 05d|%#5o|%+x|% x", tuple([255, 255, 3, 3, 8, 255, -255]), "0x00ff|0xff  |+0003| 0003| 0o10|+ff|-ff"],
    ["%+s", "a", "a"],
    ["%.2s", "abc", "ab"],
    ["%(a)s %s", new Map<unknown, unknown>([["a", 1]]), "!TypeError: not enough arguments for format string"],
    ["%(a)s", new Map<unknown, unknown>([["a", 1], ["b", 2]]), "1"],
    ["%(a(b))s", new Map<unknown, unknown>([["a(b)", 1]]), "1"],
    ["%d", Infinity, "!OverflowError: cannot convert float infinity to integer"],
    ["%d", NaN, "!ValueError: cannot convert float NaN to integer"],
    ["%x", true, "1"],
    ["%c", true, "\u0001"],
    ["%-*d|", tuple([-5, 1]), "1    |"],
    ["%*d|", tuple([-5, 1]), "1    |"],
    ["%.*f", tuple([-2, 1.5]), "2"],
    ["%.*s", tuple(["x", "a"]), "!TypeError: * wants int"],
    ["%5.3d", -7, " -007"],
    ["%#.3x", 7, "0x007"],
    ["%ld %hs %Lf", tuple([1, "a", 1.5]), "1 a 1.500000"],
    ["%\u0001", 1, "!ValueError: unsupported format character '?' (0x1) at index 1"],
    ["%é", 1, "!ValueError: unsupported format character '?' (0xe9) at index 1"],
    ["%s %%", "a", "a %"],
    ["%(x)s", new Map<unknown, unknown>([]), "!KeyError: 'x'"],
    ["%(x)d", new Map<unknown, unknown>([["x", "a"]]), "!TypeError: %d format: a real number is required, not str"],
    ["%e", "x", "!TypeError: must be real number, not str"],
    ["%f", null, "!TypeError: must be real number, not NoneType"],
    ["%g %g %g %.3g %#.3g", tuple([0.0001, 1e-05, 123456, 1234.5, 1]), "0.0001 1e-05 123456 1.23e+03 1.00"],
    ["%s %r", tuple([1.5, 1e+16]), "1.5 1e+16"],
    ["%10.4f|%-10.2e|%010.3f", tuple([3.14159265, 12345.6789, -3.14159]), "    3.1416|1.23e+04  |-00003.142"],
    ["%i format", "x", "!TypeError: %i format: a real number is required, not str"],
    ["%u", "x", "!TypeError: %u format: a real number is required, not str"],
    ["%o", 1.5, "!TypeError: %o format: an integer is required, not float"],
    ["%X", "a", "!TypeError: %X format: an integer is required, not str"],
    ["%a", "é😀", "'\\xe9\\U0001f600'"],
    ["%s", null, "None"],
    ["%s", true, "True"],
    ["%d", true, "1"],
    ["%.0e", 250000, "2e+05"],
    ["%s", [], "[]"],
    ["%s|%5s|%-5s|", tuple(["😀", "😀", "é"]), "😀|    😀|é    |"],
    ["%s and %s", tuple(["a", tuple(["b"])]), "a and ('b',)"],
    ["%%%s%%", "x", "%x%"],
    ["%s", "x%sy", "x%sy"],
    ["%d%%", 50, "50%"],
    ["%.3s", "😀ab😀", "😀ab"],
    ["%(a)s-%(a)r", new Map<unknown, unknown>([["a", "v"]]), "v-'v'"],
    ["%(a)*d", new Map<unknown, unknown>([["a", 1]]), "!TypeError: not enough arguments for format string"],
    ["%s", ["x"], "['x']"],
    ["%i", 1e+20, "100000000000000000000"],
    ["%.15g", 0.1, "0.1"],
    ["%.17g", 0.1, "0.10000000000000001"],
    ["%x", 4503599627370496, "10000000000000"],
    ["%+g", 0.0, "+0"],
    ["%-#10o|", 8, "0o10      |"],
    ["%s %s", "ab", "!TypeError: not enough arguments for format string"],
    ["é %s", "x", "é x"],
    ["😀%q", 1, "!ValueError: unsupported format character 'q' (0x71) at index 2"],
  ])('%j %% %p', (format, values, expected) => {
    expect(outcome(format, values)).toBe(expected);
  });

  it('takes integral numbers beyond 2**53 as floats, as pyNumberRepr prints them', () => {
    expect(outcome('%x', 1e20)).toBe('!TypeError: %x format: an integer is required, not float');
    expect(outcome('%d|%s', tuple([1e20, 1e20]))).toBe('100000000000000000000|1e+20');
  });

  it('formats -0 as the int 0, as the value model has it', () => {
    expect(percentFormat('%f %d %s', tuple([-0, -0, -0]))).toBe('0.000000 0 0');
  });

  it('raises MemoryError, not a JavaScript RangeError, for a result too large', () => {
    expect(outcome('%2147483648s', 'a')).toBe("!MemoryError: a value too large to build (Invalid string length) (brine's limit for one render)");
    expect(outcome('%*d', tuple([2 ** 31, 1]))).toBe("!MemoryError: a value too large to build (Invalid string length) (brine's limit for one render)");
  });

  it('raises UndefinedError for an Undefined value it converts', () => {
    expect(() => percentFormat('%s', new Undefined('x'))).toThrow(UndefinedError);
    expect(() => percentFormat('%s %d', tuple([1, new Undefined('x')]))).toThrow(UndefinedError);
    expect(() => percentFormat('%d', new Undefined('x'))).toThrow(UndefinedError);
    expect(() => percentFormat('%f', new Undefined('x'))).toThrow(UndefinedError);
    expect(outcome('%c', new Undefined('x'))).toBe('!TypeError: %c requires int or char');
    expect(outcome('%x', new Undefined('x'))).toBe('!TypeError: %x format: an integer is required, not StrictUndefined');
  });
});
