/**
 * The syntax tree the parser builds: Jinja2's node set (jinja2/nodes.py) as
 * discriminated unions on `kind`, plus Salt's serializer tags. Every node
 * carries the 1-based `line` and `column` of its first token, so the runtime
 * can point at the failing expression.
 */

/** Where a node starts in the template source (1-based). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * A literal. Python's types map as: str → string, int → bigint (Python ints
 * are unbounded), float → number, bool → boolean, None → null.
 */
export interface Const extends Position {
  readonly kind: 'Const';
  readonly value: string | bigint | number | boolean | null;
}

/** A variable; `ctx` says whether it is read (`load`), assigned (`store`) or a macro parameter (`param`). */
export interface Name extends Position {
  readonly kind: 'Name';
  readonly name: string;
  readonly ctx: 'load' | 'store' | 'param';
}

/** `ns.attr` as an assignment target (`{% set ns.attr = ... %}`), for `namespace()` objects. */
export interface NSRef extends Position {
  readonly kind: 'NSRef';
  readonly name: string;
  readonly attr: string;
}

/** `(a, b)` or `a, b`; as a target (`for k, v in ...`) its `ctx` is `store`. */
export interface Tuple extends Position {
  readonly kind: 'Tuple';
  readonly items: Expr[];
  readonly ctx: 'load' | 'store' | 'param';
}

/** `[a, b]`. */
export interface List extends Position {
  readonly kind: 'List';
  readonly items: Expr[];
}

/** `{k: v, ...}`, pairs in source order. */
export interface Dict extends Position {
  readonly kind: 'Dict';
  readonly items: { readonly key: Expr; readonly value: Expr }[];
}

/** `expr1 if test else expr2`; without `else`, `expr2` is null (an undefined value at runtime). */
export interface CondExpr extends Position {
  readonly kind: 'CondExpr';
  readonly test: Expr;
  readonly expr1: Expr;
  readonly expr2: Expr | null;
}

/** The arithmetic operators, with Jinja's node names: `+ - * / // % **`. */
export type BinaryOperator = 'add' | 'sub' | 'mul' | 'div' | 'floordiv' | 'mod' | 'pow';

/** An arithmetic binary operation. */
export interface BinOp extends Position {
  readonly kind: 'BinOp';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `a and b` / `a or b`: short-circuiting, the value is one of the operands (as in Python). */
export interface Logical extends Position {
  readonly kind: 'Logical';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
}

/** `not x`, `-x`, `+x`. */
export interface Unary extends Position {
  readonly kind: 'Unary';
  readonly op: 'not' | 'neg' | 'pos';
  readonly node: Expr;
}

/** `a ~ b ~ c`: every operand converted to a string and joined. */
export interface Concat extends Position {
  readonly kind: 'Concat';
  readonly nodes: Expr[];
}

/** The comparison operators, with Jinja's names. */
export type CompareOperator = 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq' | 'in' | 'notin';

/** `a < b <= c`: a chained comparison, as in Python. */
export interface Compare extends Position {
  readonly kind: 'Compare';
  readonly expr: Expr;
  readonly ops: { readonly op: CompareOperator; readonly expr: Expr }[];
}

/** `x.name` (Jinja tries the attribute, then the item). */
export interface Getattr extends Position {
  readonly kind: 'Getattr';
  readonly node: Expr;
  readonly attr: string;
}

/** `x[arg]` (Jinja tries the item, then the attribute); `arg` may be a {@link Slice}. */
export interface Getitem extends Position {
  readonly kind: 'Getitem';
  readonly node: Expr;
  readonly arg: Expr | Slice;
}

/** `start:stop:step` inside a subscript; absent parts are null. */
export interface Slice extends Position {
  readonly kind: 'Slice';
  readonly start: Expr | null;
  readonly stop: Expr | null;
  readonly step: Expr | null;
}

/** `key=value` in a call. */
export interface Keyword extends Position {
  readonly kind: 'Keyword';
  readonly key: string;
  readonly value: Expr;
}

/** The arguments of a call, filter or test: positional, keyword, `*args`, `**kwargs`. */
export interface CallArgs {
  readonly args: Expr[];
  readonly kwargs: Keyword[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}

/** `f(a, b=1, *rest, **more)`. */
export interface Call extends Position, CallArgs {
  readonly kind: 'Call';
  readonly node: Expr;
}

/**
 * `x | name(args)`. `node` is null in a filter block (`{% filter upper %}`)
 * and in a block set (`{% set x | trim %}`), where the body is filtered.
 * Dotted names (`x | a.b`) keep their dots in `name`.
 */
export interface Filter extends Position, CallArgs {
  readonly kind: 'Filter';
  readonly node: Expr | null;
  readonly name: string;
}

/** `x is name(args)`; `x is not name` is a {@link Unary} `not` around it. */
export interface Test extends Position, CallArgs {
  readonly kind: 'Test';
  readonly node: Expr;
  readonly name: string;
}

/** Every expression node. */
export type Expr =
  | Const
  | Name
  | NSRef
  | Tuple
  | List
  | Dict
  | CondExpr
  | BinOp
  | Logical
  | Unary
  | Concat
  | Compare
  | Getattr
  | Getitem
  | Call
  | Filter
  | Test;

/** Literal text between tags. */
export interface TemplateData extends Position {
  readonly kind: 'TemplateData';
  readonly data: string;
}

/** A run of template text and `{{ }}` expressions, printed in order. */
export interface Output extends Position {
  readonly kind: 'Output';
  readonly nodes: (TemplateData | Expr)[];
}

/** `{% if %}...{% elif %}...{% else %}...{% endif %}`; each `elif` is an If with empty `elifs` and `else_`. */
export interface If extends Position {
  readonly kind: 'If';
  readonly test: Expr;
  readonly body: Stmt[];
  readonly elifs: If[];
  readonly else_: Stmt[];
}

/** `{% for target in iter if test recursive %}...{% else %}...{% endfor %}`. */
export interface For extends Position {
  readonly kind: 'For';
  readonly target: Expr;
  readonly iter: Expr;
  readonly body: Stmt[];
  readonly else_: Stmt[];
  readonly test: Expr | null;
  readonly recursive: boolean;
}

/** `{% set target = node %}`. */
export interface Assign extends Position {
  readonly kind: 'Assign';
  readonly target: Expr;
  readonly node: Expr;
}

/** `{% set target | filter %}body{% endset %}`: the rendered body, filtered, is assigned. */
export interface AssignBlock extends Position {
  readonly kind: 'AssignBlock';
  readonly target: Expr;
  readonly filter: Filter | null;
  readonly body: Stmt[];
}

/** `{% macro name(args=defaults) %}`; `defaults` belong to the last `defaults.length` args. */
export interface Macro extends Position {
  readonly kind: 'Macro';
  readonly name: string;
  readonly args: Name[];
  readonly defaults: Expr[];
  readonly body: Stmt[];
}

/** `{% call(args) macro(...) %}body{% endcall %}`: the body is the macro's `caller()`. */
export interface CallBlock extends Position {
  readonly kind: 'CallBlock';
  readonly call: Call;
  readonly args: Name[];
  readonly defaults: Expr[];
  readonly body: Stmt[];
}

/** `{% filter name(args) %}body{% endfilter %}`. */
export interface FilterBlock extends Position {
  readonly kind: 'FilterBlock';
  readonly filter: Filter;
  readonly body: Stmt[];
}

/** `{% with a = 1, b = 2 %}body{% endwith %}`: a new scope. */
export interface With extends Position {
  readonly kind: 'With';
  readonly targets: Expr[];
  readonly values: Expr[];
  readonly body: Stmt[];
}

/** `{% include tpl ignore missing without context %}`; context is passed by default. */
export interface Include extends Position {
  readonly kind: 'Include';
  readonly template: Expr;
  readonly withContext: boolean;
  readonly ignoreMissing: boolean;
}

/** `{% import tpl as target with context %}`; no context by default. */
export interface Import extends Position {
  readonly kind: 'Import';
  readonly template: Expr;
  readonly target: string;
  readonly withContext: boolean;
}

/** `{% from tpl import a, b as c with context %}`; `alias` is null when not renamed. */
export interface FromImport extends Position {
  readonly kind: 'FromImport';
  readonly template: Expr;
  readonly names: { readonly name: string; readonly alias: string | null }[];
  readonly withContext: boolean;
}

/** `{% do expr %}` (jinja2.ext.do): evaluate for its effect, print nothing. */
export interface ExprStmt extends Position {
  readonly kind: 'ExprStmt';
  readonly node: Expr;
}

/** `{% break %}` / `{% continue %}` (jinja2.ext.loopcontrols). */
export interface LoopControl extends Position {
  readonly kind: 'Break' | 'Continue';
}

/** `{% print a, b %}`. */
export interface Print extends Position {
  readonly kind: 'Print';
  readonly nodes: Expr[];
}

/** `{% block name scoped required %}body{% endblock %}` (template inheritance). */
export interface Block extends Position {
  readonly kind: 'Block';
  readonly name: string;
  readonly body: Stmt[];
  readonly scoped: boolean;
  readonly required: boolean;
}

/** `{% extends tpl %}`. */
export interface Extends extends Position {
  readonly kind: 'Extends';
  readonly template: Expr;
}

/** The formats of Salt's serializer tags. */
export type DataFormat = 'yaml' | 'json' | 'text';

/**
 * Salt's `{% import_yaml tpl as target %}` (and `import_json`,
 * `import_text`): the template is rendered, then loaded in `format`
 * (salt/utils/jinja.py SerializerExtension).
 */
export interface ImportData extends Position {
  readonly kind: 'ImportData';
  readonly format: DataFormat;
  readonly template: Expr;
  readonly target: string;
  readonly withContext: boolean;
}

/** Salt's `{% load_yaml as target %}body{% endload %}` (and `load_json`, `load_text`): the rendered body is loaded. */
export interface LoadData extends Position {
  readonly kind: 'LoadData';
  readonly format: DataFormat;
  readonly target: Expr;
  readonly body: Stmt[];
}

/** Salt's `{% profile as 'label' %}body{% endprofile %}`: the body's render time is logged. */
export interface Profile extends Position {
  readonly kind: 'Profile';
  readonly label: Expr;
  readonly body: Stmt[];
}

/** Every statement node. */
export type Stmt =
  | Output
  | If
  | For
  | Assign
  | AssignBlock
  | Macro
  | CallBlock
  | FilterBlock
  | With
  | Include
  | Import
  | FromImport
  | ExprStmt
  | LoopControl
  | Print
  | Block
  | Extends
  | ImportData
  | LoadData
  | Profile;

/** A parsed template. */
export interface Template {
  readonly kind: 'Template';
  readonly body: Stmt[];
}
