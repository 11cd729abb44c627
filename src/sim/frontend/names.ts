// Control-plane names, formed as p4c forms them for P4Info: an object declared in a
// parser or control is named `<block instance>.<local name>` (`MyIngress.ipv4_lpm`), where
// a block passed to `main` is named by its type and a sub-block by the path of its
// instances (`MyIngress.guard.t`); top-level objects keep their own name. An `@name("x")`
// annotation replaces the local name, and `@name(".x")` gives the full name outright.

import type * as A from './ast.js';
import type { MainInstance } from './checked-program.js';

function nameAnnotation(annotations: readonly A.AnnotationNode[]): string | undefined {
  const a = annotations.find((x) => x.name === 'name');
  const v = a?.args[0];
  return typeof v === 'string' ? v : undefined;
}

export function topLevelName(d: { readonly name: string; readonly annotations: readonly A.AnnotationNode[] }): string {
  const n = nameAnnotation(d.annotations);
  if (n === undefined) return d.name;
  return n.startsWith('.') ? n.slice(1) : n;
}

export function localName(prefix: string, d: { readonly name: string; readonly annotations: readonly A.AnnotationNode[] }): string {
  const n = nameAnnotation(d.annotations);
  if (n === undefined) return `${prefix}.${d.name}`;
  return n.startsWith('.') ? n.slice(1) : `${prefix}.${n}`;
}

type Block = A.ParserDecl | A.ControlDecl;

/**
 * Sets `qualifiedName` on every table, action, instance and value set. A parser or control
 * instantiated under more than one path (`Sub() a; Sub() b;`) has objects with one name per
 * instance; their `qualifiedName` stays unset and a later pass names them per instance
 * path with localName(path, decl).
 */
export function assignQualifiedNames(program: A.Program, main: MainInstance | undefined): void {
  const paths = new Map<Block, Set<string>>();
  const collect = (decl: Block, path: string): void => {
    let set = paths.get(decl);
    if (!set) paths.set(decl, (set = new Set()));
    if (set.has(path)) return;
    set.add(path);
    for (const l of decl.locals) {
      const of = l.kind === 'InstantiationDecl' ? l.instanceOf : undefined;
      if (of?.kind === 'parser' || of?.kind === 'control') collect(of.decl, localName(path, l));
    }
  };

  for (const d of program.declarations) {
    if (d.kind === 'ActionDecl' || d.kind === 'InstantiationDecl') d.qualifiedName = topLevelName(d);
  }
  for (const b of main?.blocks ?? []) collect(b.decl, b.instanceName);
  // Blocks that `main` does not reach (libraries, tests) are named by their type, starting
  // from those no other block instantiates so that sub-blocks get their instance paths.
  const instantiated = new Set<Block>();
  for (const d of program.declarations) {
    if (d.kind !== 'ParserDecl' && d.kind !== 'ControlDecl') continue;
    for (const l of d.locals) {
      const of = l.kind === 'InstantiationDecl' ? l.instanceOf : undefined;
      if (of?.kind === 'parser' || of?.kind === 'control') instantiated.add(of.decl);
    }
  }
  for (const roots of [true, false]) {
    for (const d of program.declarations) {
      if ((d.kind === 'ParserDecl' || d.kind === 'ControlDecl') && !paths.has(d) && instantiated.has(d) !== roots) collect(d, d.name);
    }
  }

  for (const [decl, set] of paths) {
    if (set.size !== 1) continue;
    const path = [...set][0]!;
    for (const l of decl.locals) {
      if (l.kind === 'ActionDecl' || l.kind === 'TableDecl' || l.kind === 'ValueSetDecl' || l.kind === 'InstantiationDecl') {
        l.qualifiedName = localName(path, l);
      }
    }
  }
}

/**
 * The P4Info name of a table key: its `@name`, else the key expression as p4c prints it,
 * except that p4c names an `h.isValid()` key `h.$valid$`.
 */
export function keyName(k: A.KeyElement): string {
  const e = k.expr;
  if (e.kind === 'CallExpr' && e.callee.kind === 'MemberExpr' && e.callee.member === 'isValid' && e.args.length === 0) {
    return nameAnnotation(k.annotations) ?? `${expressionText(e.callee.base)}.$valid$`;
  }
  return nameAnnotation(k.annotations) ?? expressionText(e);
}

export function expressionText(e: A.Expression): string {
  switch (e.kind) {
    case 'PathExpr':
      return (e.global ? '.' : '') + e.name;
    case 'MemberExpr':
      return `${expressionText(e.base)}.${e.member}`;
    case 'IndexExpr':
      return `${expressionText(e.base)}[${expressionText(e.index)}]`;
    case 'SliceExpr':
      return `${expressionText(e.base)}[${expressionText(e.hi)}:${expressionText(e.lo)}]`;
    case 'CallExpr':
      return `${expressionText(e.callee)}(${e.args.map((a) => expressionText(a.value)).join(', ')})`;
    case 'IntLiteral':
      return e.text;
    case 'BoolLiteral':
      return String(e.value);
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'UnaryExpr':
      return `${e.op}${expressionText(e.operand)}`;
    case 'BinaryExpr':
      return `${expressionText(e.left)} ${e.op} ${expressionText(e.right)}`;
    case 'TernaryExpr':
      return `${expressionText(e.cond)} ? ${expressionText(e.then)} : ${expressionText(e.else)}`;
    case 'CastExpr':
      return `(${typeRefText(e.target)})${expressionText(e.expr)}`;
    case 'ListExpr':
      return `{ ${[...e.elements.map(expressionText), ...(e.rest ? ['...'] : [])].join(', ')} }`;
    case 'StructExpr':
      return `{ ${[...e.fields.map((f) => `${f.name} = ${expressionText(f.value)}`), ...(e.rest ? ['...'] : [])].join(', ')} }`;
    case 'InvalidHeaderExpr':
      return '{#}';
    case 'DontCareExpr':
      return '_';
    case 'DefaultExpr':
      return 'default';
    case 'MaskExpr':
      return `${expressionText(e.value)} &&& ${expressionText(e.mask)}`;
    case 'RangeExpr':
      return `${expressionText(e.low)} .. ${expressionText(e.high)}`;
  }
}

function typeRefText(t: A.TypeRef): string {
  switch (t.kind) {
    case 'BaseTypeRef':
      return t.width ? `${t.name}<${expressionText(t.width)}>` : t.name;
    case 'NamedTypeRef':
      return (t.global ? '.' : '') + t.name + (t.typeArgs.length ? `<${t.typeArgs.map(typeRefText).join(', ')}>` : '');
    case 'StackTypeRef':
      return `${typeRefText(t.element)}[${expressionText(t.size)}]`;
    case 'TupleTypeRef':
      return `tuple<${t.elements.map(typeRefText).join(', ')}>`;
    case 'DontCareTypeRef':
      return '_';
  }
}
