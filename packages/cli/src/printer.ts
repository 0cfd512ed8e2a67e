/**
 * Where CLI output goes: stdout, or the `--out-file` (truncated on open, or appended to with `--out-file-append`), with
 * the chosen outputter and colour decision applied to every block printed.
 * Stdout is written through the stream (a pipe may be full: writing its fd
 * directly fails with EAGAIN), and the CLI waits for it to drain before exiting.
 */
import fs from 'node:fs';
import { getOutputter, outputters, useColor, type OutputOptions, type Outputter } from './output/index';

/** What a printer is built from: the `--out`, `--out-file`, `--out-file-append`, `--out-indent`, `--no-color` and `--force-color` options. */
export interface PrinterOptions {
  out?: string;
  outFile?: string;
  /** --out-file-append: append to outFile instead of truncating it. */
  append?: boolean;
  /** --out-indent, parsed. */
  indent?: number | 'pretty';
  noColor: boolean;
  /** --force-color: colour even on a pipe. */
  forceColor?: boolean;
  /** `--state-output` and `--state-verbose`, for the highstate outputter. */
  stateOutput?: string;
  stateVerbose?: boolean;
}

/** The output options as the CLIs parse them (options.ts `outputOptions`, and `stateOutputOptions` where taken). */
export interface OutputArgs {
  out?: string;
  'out-file'?: string;
  'out-file-append'?: boolean;
  'out-indent'?: string;
  'no-color': boolean;
  'force-color'?: boolean;
  'state-output'?: string;
  'state-verbose'?: boolean;
}

/** Prints data blocks with one outputter. */
export class Printer {
  private readonly outputter: Outputter;
  private readonly explicit: boolean;
  private readonly color: boolean;
  /** The --out-file descriptor, or undefined for stdout. */
  private readonly fd?: number;
  private readonly state: Pick<PrinterOptions, 'stateOutput' | 'stateVerbose'> & Pick<OutputOptions, 'outIndent'>;

  /** @throws SaltInvocationError for an unknown outputter */
  constructor(opts: PrinterOptions) {
    this.state = { stateOutput: opts.stateOutput, stateVerbose: opts.stateVerbose, outIndent: opts.indent };
    this.outputter = getOutputter(opts.out ?? 'nested');
    this.explicit = opts.out !== undefined;
    this.fd = opts.outFile ? fs.openSync(opts.outFile, opts.append ? 'a' : 'w') : undefined;
    this.color = opts.outFile ? false : useColor({ noColor: opts.noColor, forceColor: opts.forceColor, stream: process.stdout });
  }

  /**
   * The printer a command's output options ask for.
   * @throws SaltInvocationError for an unknown outputter
   */
  static from(a: OutputArgs): Printer {
    const indent = a['out-indent'] === undefined || a['out-indent'] === 'pretty' ? a['out-indent'] : Number(a['out-indent']);
    return new Printer({
      out: a.out, outFile: a['out-file'], append: a['out-file-append'], indent,
      noColor: a['no-color'], forceColor: a['force-color'], stateOutput: a['state-output'], stateVerbose: a['state-verbose'],
    });
  }

  /**
   * Format `data` and write it with a trailing newline; nothing when it formats as '' (Salt's display_output).
   * @param retcode a non-zero retcode colours keys red
   * @param preferred the outputter the function asked for (a return's `out`); used unless `--out` was given, as Salt
   */
  print(data: unknown, retcode = 0, preferred?: string): void {
    const outputter = !this.explicit && preferred && Object.hasOwn(outputters, preferred) ? getOutputter(preferred) : this.outputter;
    const text = outputter(data, { color: this.color, retcode, ...this.state });
    if (text !== '') this.write(text + '\n');
  }

  /** Write text as it is (no newline added). */
  text(text: string): void {
    this.write(text);
  }

  /** Write a plain line (not formatted). */
  line(text: string): void {
    this.write(text + '\n');
  }

  private write(text: string): void {
    if (this.fd === undefined) process.stdout.write(text);
    else fs.writeSync(this.fd, text);
  }
}
