// Parser: tokens -> AST, by recursive descent over the P4_16 grammar.
//
// Two ambiguities need more than one token of look-ahead:
// * `<`: in `f<bit<8>>(x)` it opens type arguments, in `a < b` it compares. Like p4c we
//   know which identifiers name types (declarations seen so far plus type parameters in
//   scope); after a callee-like expression we try to read `< types > (` and fall back to
//   a comparison when that fails.
// * `>>`: the lexer never makes it one token; two `>` with nothing between them are a
//   shift in expressions and two closing brackets in types.
// Operator precedence follows p4c's grammar (bitwise operators bind tighter than
// comparisons, unlike C).

import type * as A from './ast.js';
import { FrontendError } from './diagnostics.js';
import { tokenize, type Token } from './lexer.js';

/** Words that can never be names. Contextual words (key, actions, entries, apply, priority, state, type...) can. */
const RESERVED = new Set([
  'abstract', 'action', 'bit', 'bool', 'break', 'const', 'continue', 'control', 'default', 'else', 'enum', 'error', 'exit', 'extern',
  'false', 'for', 'header', 'header_union', 'if', 'in', 'inout', 'int', 'match_kind', 'out', 'package', 'parser',
  'return', 'select', 'string', 'struct', 'switch', 'table', 'this', 'transition', 'true', 'tuple', 'typedef',
  'varbit', 'void',
]);

const BASE_TYPES = new Set(['bit', 'int', 'varbit', 'bool', 'error', 'string', 'void', 'match_kind']);

const BINARY_LEVELS: readonly (readonly A.BinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>'],
  ['++', '+', '-', '|+|', '|-|'],
  ['*', '/', '%'],
];

class SyntaxError extends Error {}

/** Parses preprocessed P4 text (with line markers) into a Program. */
export function parseP4(text: string, file: string): A.Program {
  return new Parser(tokenize(text, file)).parseProgram();
}

class Parser {
  private pos = 0;
  private readonly typeNames: Set<string>[] = [new Set()];

  constructor(private readonly tokens: readonly Token[]) {}

  // ---------------------------------------------------------------- token helpers

  private get tok(): Token {
    return this.tokens[this.pos]!;
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private is(text: string): boolean {
    const t = this.tok;
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private isAt(offset: number, text: string): boolean {
    const t = this.peek(offset);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private accept(text: string): boolean {
    if (this.is(text)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`expected '${text}' but found '${this.tok.text}'`);
    return this.tokens[this.pos++]!;
  }

  private fail(message: string, loc: A.SourceLoc = this.tok.loc): never {
    throw new FrontendError('SYNTAX', [{ severity: 'error', loc, message }]);
  }

  private unsupported(construct: string, loc: A.SourceLoc = this.tok.loc): never {
    throw new FrontendError('UNSUPPORTED', [{ severity: 'unsupported', loc, message: construct }]);
  }

  private isName(t: Token = this.tok): boolean {
    return t.kind === 'ident' && !RESERVED.has(t.text);
  }

  private name(): string {
    if (!this.isName()) this.fail(`expected a name but found '${this.tok.text}'`);
    return this.tokens[this.pos++]!.text;
  }

  /** Names after `.`: any identifier, reserved or not (`hdr.type`, `t.apply`). */
  private memberName(): string {
    if (this.tok.kind !== 'ident') this.fail(`expected a member name but found '${this.tok.text}'`);
    return this.tokens[this.pos++]!.text;
  }

  private isTypeName(name: string): boolean {
    return this.typeNames.some((s) => s.has(name));
  }

  private declareType(name: string): void {
    this.typeNames[0]!.add(name);
  }

  private withTypeParams<T>(params: readonly string[], body: () => T): T {
    this.typeNames.push(new Set(params));
    try {
      return body();
    } finally {
      this.typeNames.pop();
    }
  }

  // ---------------------------------------------------------------- program

  parseProgram(): A.Program {
    const declarations: A.Declaration[] = [];
    while (this.tok.kind !== 'eof') {
      if (this.accept(';')) continue;
      declarations.push(this.topLevelDeclaration());
    }
    return { kind: 'Program', declarations };
  }

  private annotations(): A.AnnotationNode[] {
    const list: A.AnnotationNode[] = [];
    while (this.is('@')) {
      const loc = this.tok.loc;
      this.pos++;
      if (this.tok.kind !== 'ident') this.fail('expected an annotation name');
      const name = this.tokens[this.pos++]!.text;
      let bodyTokens: Token[] = [];
      if (name === 'pragma') {
        // `@pragma name args...` takes the rest of the line, as in p4c.
        const start = this.pos;
        while (this.pos < this.tokens.length - 1 && this.tok.loc.line === loc.line && this.tok.loc.file === loc.file) this.pos++;
        bodyTokens = this.tokens.slice(start, this.pos) as Token[];
      }
      const open = name === 'pragma' ? undefined : this.is('(') ? '(' : this.is('[') && this.tok.start === this.tokens[this.pos - 1]!.end ? '[' : undefined;
      if (open) {
        const close = open === '(' ? ')' : ']';
        this.pos++;
        let depth = 1;
        const start = this.pos;
        while (this.pos < this.tokens.length - 1) {
          if (this.is(open)) depth++;
          if (this.is(close) && --depth === 0) break;
          this.pos++;
        }
        bodyTokens = this.tokens.slice(start, this.pos) as Token[];
        this.expect(close);
      }
      const body = bodyTokens.map((t) => (t.kind === 'string' ? JSON.stringify(t.text) : t.text)).join(' ');
      const args: (string | bigint | boolean)[] = [];
      for (const t of bodyTokens) {
        if (t.kind === 'string') args.push(t.text);
        else if (t.kind === 'int') args.push(t.value!);
        else if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) args.push(t.text === 'true');
      }
      list.push({ kind: 'Annotation', loc, name, body, args });
    }
    return list;
  }

  private topLevelDeclaration(): A.Declaration {
    const annotations = this.annotations();
    const loc = this.tok.loc;
    const t = this.tok.text;
    if (this.tok.kind === 'ident') {
      switch (t) {
        case 'const':
          return this.constantDecl(annotations);
        case 'header':
        case 'header_union':
        case 'struct':
          return this.structLikeDecl(annotations);
        case 'enum':
          return this.enumDecl(annotations);
        case 'error':
          if (this.isAt(1, '{')) return this.memberListDecl('ErrorDecl', annotations);
          break;
        case 'match_kind':
          return this.memberListDecl('MatchKindDecl', annotations);
        case 'typedef':
        case 'type':
          if (t === 'typedef' || this.peekStartsType(1)) return this.typedefDecl(annotations);
          break;
        case 'extern':
          return this.externDecl(annotations);
        case 'parser':
          return this.parserDecl(annotations);
        case 'control':
          return this.controlDecl(annotations);
        case 'package':
          return this.packageDecl(annotations);
        case 'action':
          return this.actionDecl(annotations);
        case 'abstract':
          this.unsupported(`'${t}'`);
      }
    }
    // Function, instantiation, or (not allowed at top level) a variable.
    const typeRef = this.typeRef();
    if (this.is('(')) return this.instantiation(typeRef, annotations, loc);
    const name = this.name();
    if (this.is('(') || this.is('<')) return this.functionDecl(typeRef, name, annotations, loc);
    this.fail(`expected a declaration; variables cannot be declared at top level`, loc);
  }

  /** True when the token at `offset` can begin a type. */
  private peekStartsType(offset: number): boolean {
    const t = this.peek(offset);
    if (t.kind !== 'ident' && !(t.kind === 'punct' && t.text === '.')) return false;
    return BASE_TYPES.has(t.text) || t.text === 'tuple' || t.kind === 'ident' || t.text === '.';
  }

  private constantDecl(annotations: A.AnnotationNode[]): A.ConstantDecl {
    const loc = this.expect('const').loc;
    const typeRef = this.typeRef();
    const name = this.name();
    this.expect('=');
    const value = this.expression();
    this.expect(';');
    return { kind: 'ConstantDecl', loc, name, annotations, typeRef, value };
  }

  private structLikeDecl(annotations: A.AnnotationNode[]): A.HeaderDecl | A.HeaderUnionDecl | A.StructDecl {
    const kw = this.tokens[this.pos++]!;
    const name = this.name();
    if (this.is('<')) this.unsupported(`generic ${kw.text} declarations`);
    this.declareType(name);
    this.expect('{');
    const fields: A.StructFieldNode[] = [];
    while (!this.accept('}')) {
      const fieldAnnotations = this.annotations();
      const loc = this.tok.loc;
      const typeRef = this.typeRef();
      const fieldName = this.memberName();
      this.expect(';');
      fields.push({ kind: 'StructField', loc, name: fieldName, typeRef, annotations: fieldAnnotations });
    }
    const kind = kw.text === 'header' ? 'HeaderDecl' : kw.text === 'header_union' ? 'HeaderUnionDecl' : 'StructDecl';
    return { kind, loc: kw.loc, name, annotations, fields };
  }

  private enumDecl(annotations: A.AnnotationNode[]): A.EnumDecl {
    const loc = this.expect('enum').loc;
    const underlying = this.isName() ? undefined : this.typeRef();
    const name = this.name();
    this.declareType(name);
    this.expect('{');
    const members: A.EnumMemberNode[] = [];
    while (!this.is('}')) {
      const mloc = this.tok.loc;
      const mname = this.name();
      const value = this.accept('=') ? this.expression() : undefined;
      members.push(value ? { loc: mloc, name: mname, value } : { loc: mloc, name: mname });
      if (!this.accept(',')) break;
    }
    this.expect('}');
    return underlying
      ? { kind: 'EnumDecl', loc, name, annotations, underlying, members }
      : { kind: 'EnumDecl', loc, name, annotations, members };
  }

  private memberListDecl<K extends 'ErrorDecl' | 'MatchKindDecl'>(kind: K, annotations: A.AnnotationNode[]): A.ErrorDecl | A.MatchKindDecl {
    const kw = this.tokens[this.pos++]!;
    this.expect('{');
    const members: { name: string; loc: A.SourceLoc }[] = [];
    while (!this.is('}')) {
      const loc = this.tok.loc;
      members.push({ name: this.name(), loc });
      if (!this.accept(',')) break;
    }
    this.expect('}');
    return { kind, loc: kw.loc, name: kw.text, annotations, members };
  }

  private typedefDecl(annotations: A.AnnotationNode[]): A.TypedefDecl | A.NewTypeDecl {
    const kw = this.tokens[this.pos++]!;
    if (this.is('header') || this.is('struct') || this.is('header_union') || this.is('enum')) {
      this.unsupported(`${kw.text} of an inline ${this.tok.text} declaration`);
    }
    const typeRef = this.typeRef();
    const name = this.name();
    this.expect(';');
    this.declareType(name);
    return { kind: kw.text === 'typedef' ? 'TypedefDecl' : 'NewTypeDecl', loc: kw.loc, name, annotations, typeRef };
  }

  private typeParams(): string[] {
    const params: string[] = [];
    if (!this.accept('<')) return params;
    do params.push(this.name());
    while (this.accept(','));
    this.expect('>');
    return params;
  }

  private parameterList(): A.ParameterNode[] {
    this.expect('(');
    const params: A.ParameterNode[] = [];
    if (this.accept(')')) return params;
    do params.push(this.parameter());
    while (this.accept(','));
    this.expect(')');
    return params;
  }

  private parameter(): A.ParameterNode {
    const annotations = this.annotations();
    const loc = this.tok.loc;
    let direction: A.ParameterNode['direction'] = 'none';
    if (this.is('in') || this.is('out') || this.is('inout')) direction = this.tokens[this.pos++]!.text as 'in' | 'out' | 'inout';
    const typeRef = this.typeRef();
    const name = this.memberName();
    const defaultValue = this.accept('=') ? this.expression() : undefined;
    const optional = annotations.some((a) => a.name === 'optional');
    const node: A.ParameterNode = { kind: 'Parameter', loc, name, direction, typeRef, annotations, optional };
    return defaultValue ? { ...node, defaultValue } : node;
  }

  private externDecl(annotations: A.AnnotationNode[]): A.ExternDecl | A.ExternFunctionDecl {
    const loc = this.expect('extern').loc;
    // `extern Name<T> {` is an object type; anything else is a function prototype.
    let look = 1;
    if (this.isAt(1, '<')) {
      let depth = 0;
      for (; this.peek(look).kind !== 'eof'; look++) {
        const t = this.peek(look);
        if (t.text === '<') depth++;
        if (t.text === '>' && --depth === 0) break;
      }
      look++;
    }
    if (this.isName() && this.isAt(look, '{')) {
      const name = this.name();
      this.declareType(name);
      const typeParams = this.typeParams();
      return this.withTypeParams(typeParams, () => {
        this.expect('{');
        const methods: A.MethodDecl[] = [];
        while (!this.accept('}')) methods.push(this.methodDecl(name));
        return { kind: 'ExternDecl', loc, name, annotations, typeParams, methods } as A.ExternDecl;
      });
    }
    // Function prototype: the return type may use the function's own type parameters,
    // which are declared after the name, so find them first.
    const save = this.pos;
    const funcTypeParams = this.scanFunctionTypeParams();
    this.pos = save;
    return this.withTypeParams(funcTypeParams, () => {
      const returnType = this.typeRef();
      const name = this.name();
      const typeParams = this.typeParams();
      const params = this.parameterList();
      this.expect(';');
      return { kind: 'ExternFunctionDecl', loc, name, annotations, returnType, typeParams, params } as A.ExternFunctionDecl;
    });
  }

  /** From a position before `RetType name<T, U>(`, returns [T, U] without consuming. */
  private scanFunctionTypeParams(): string[] {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.text === '(' || t.text === ';' || t.text === '{') return [];
      const next = this.tokens[i + 1];
      if (t.kind === 'ident' && next?.text === '<') {
        // Is this the name followed by type params (then `(`)? Find matching `>`.
        let depth = 0;
        let j = i + 1;
        for (; j < this.tokens.length; j++) {
          const u = this.tokens[j]!;
          if (u.text === '<') depth++;
          else if (u.text === '>' && --depth === 0) break;
        }
        if (this.tokens[j + 1]?.text === '(') {
          return this.tokens.slice(i + 2, j).filter((u) => u.kind === 'ident').map((u) => u.text);
        }
        i = j;
      }
    }
    return [];
  }

  private methodDecl(externName: string): A.MethodDecl {
    const annotations = this.annotations();
    const loc = this.tok.loc;
    const isAbstract = this.accept('abstract');
    if (this.is(externName) && this.isAt(1, '(')) {
      this.pos++;
      const params = this.parameterList();
      this.expect(';');
      return { kind: 'MethodDecl', loc, name: externName, annotations, isConstructor: true, isAbstract, typeParams: [], params };
    }
    const save = this.pos;
    const typeParams = this.scanFunctionTypeParams();
    this.pos = save;
    return this.withTypeParams(typeParams, () => {
      const returnType = this.typeRef();
      const name = this.memberName();
      this.typeParams();
      const params = this.parameterList();
      this.expect(';');
      return { kind: 'MethodDecl', loc, name, annotations, isConstructor: false, isAbstract, returnType, typeParams, params } as A.MethodDecl;
    });
  }

  /**
   * `parser|control Name<T>(params)` followed by `;` (a type declaration) or by optional
   * constructor parameters and `{` (a declaration with a body, whose `{` is consumed).
   */
  private blockHeading(keyword: 'parser' | 'control') {
    const loc = this.expect(keyword).loc;
    const name = this.name();
    this.declareType(name);
    const typeParams = this.typeParams();
    const params = this.withTypeParams(typeParams, () => this.parameterList());
    if (this.accept(';')) return { loc, name, typeParams, params, ctorParams: [] as A.ParameterNode[], prototype: true };
    const ctorParams = this.withTypeParams(typeParams, () => (this.is('(') ? this.parameterList() : []));
    this.expect('{');
    return { loc, name, typeParams, params, ctorParams, prototype: false };
  }

  private parserDecl(annotations: A.AnnotationNode[]): A.ParserTypeDecl | A.ParserDecl {
    const { loc, name, typeParams, params, ctorParams, prototype } = this.blockHeading('parser');
    if (prototype) return { kind: 'ParserTypeDecl', loc, name, annotations, typeParams, params };
    const locals: A.ParserLocal[] = [];
    const states: A.ParserState[] = [];
    this.withTypeParams(typeParams, () => {
      while (!this.accept('}')) {
        const ann = this.annotations();
        if (this.is('state')) states.push(this.parserState(ann));
        else if (this.is('value_set')) locals.push(this.valueSetDecl(ann));
        else locals.push(this.localDeclaration(ann, false) as A.ParserLocal);
      }
    });
    return { kind: 'ParserDecl', loc, name, annotations, typeParams, params, ctorParams, locals, states };
  }

  private valueSetDecl(annotations: A.AnnotationNode[]): A.ValueSetDecl {
    const loc = this.expect('value_set').loc;
    this.expect('<');
    const elementType = this.typeRef();
    this.expectCloseAngle();
    this.expect('(');
    const size = this.expression();
    this.expect(')');
    const name = this.name();
    this.expect(';');
    return { kind: 'ValueSetDecl', loc, name, annotations, elementType, size };
  }

  private parserState(annotations: A.AnnotationNode[]): A.ParserState {
    const loc = this.expect('state').loc;
    const name = this.name();
    this.expect('{');
    const stmts: A.Statement[] = [];
    let transition: A.Transition | undefined;
    while (!this.accept('}')) {
      if (this.is('transition')) {
        const tloc = this.tokens[this.pos++]!.loc;
        if (this.is('select')) {
          transition = { kind: 'select', loc: tloc, select: this.selectExpr() };
        } else {
          transition = { kind: 'direct', loc: tloc, next: this.pathExpr() };
          this.expect(';');
        }
        if (!this.is('}')) this.fail('the transition must be the last statement of a state');
        continue;
      }
      stmts.push(this.statement());
    }
    return transition
      ? { kind: 'ParserState', loc, name, annotations, stmts, transition }
      : { kind: 'ParserState', loc, name, annotations, stmts };
  }

  private selectExpr(): A.SelectExpr {
    const loc = this.expect('select').loc;
    this.expect('(');
    const keys: A.Expression[] = [];
    if (!this.is(')')) {
      do keys.push(this.expression());
      while (this.accept(','));
    }
    this.expect(')');
    this.expect('{');
    const cases: A.SelectCase[] = [];
    while (!this.accept('}')) {
      this.annotations();
      const cloc = this.tok.loc;
      const keyset = this.keysetExpression();
      this.expect(':');
      const next = this.pathExpr();
      this.expect(';');
      cases.push({ loc: cloc, keyset, next });
    }
    return { kind: 'SelectExpr', loc, keys, cases };
  }

  /** A select case / table entry keyset: `default`, `_`, `e`, `e &&& m`, `a .. b`, or `( k1, k2 )`. */
  private keysetExpression(): A.Expression {
    if (this.is('(') && this.parenthesisedListHasComma()) {
      const loc = this.expect('(').loc;
      const elements: A.Expression[] = [];
      do elements.push(this.simpleKeyset());
      while (this.accept(','));
      this.expect(')');
      return { kind: 'ListExpr', loc, elements };
    }
    return this.simpleKeyset();
  }

  private parenthesisedListHasComma(): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (--depth === 0) return false;
      } else if (t.text === ',' && depth === 1) return true;
    }
    return false;
  }

  private simpleKeyset(): A.Expression {
    const loc = this.tok.loc;
    if (this.accept('default')) return { kind: 'DefaultExpr', loc };
    if (this.is('_') ) {
      this.pos++;
      return { kind: 'DontCareExpr', loc };
    }
    const value = this.expression();
    if (this.accept('&&&')) return { kind: 'MaskExpr', loc, value, mask: this.expression() };
    if (this.accept('..')) return { kind: 'RangeExpr', loc, low: value, high: this.expression() };
    return value;
  }

  private controlDecl(annotations: A.AnnotationNode[]): A.ControlTypeDecl | A.ControlDecl {
    const { loc, name, typeParams, params, ctorParams, prototype } = this.blockHeading('control');
    if (prototype) return { kind: 'ControlTypeDecl', loc, name, annotations, typeParams, params };
    const locals: A.ControlLocal[] = [];
    let body: A.BlockStmt | undefined;
    this.withTypeParams(typeParams, () => {
      while (!this.accept('}')) {
        const ann = this.annotations();
        if (this.is('apply') && this.isAt(1, '{')) {
          if (body) this.fail('a control has one apply block');
          this.pos++;
          body = this.blockRest(this.expect('{').loc, ann);
        } else if (this.is('action')) locals.push(this.actionDecl(ann));
        else if (this.is('table')) locals.push(this.tableDecl(ann));
        else locals.push(this.localDeclaration(ann, false) as A.ControlLocal);
      }
    });
    if (!body) this.fail(`control ${name} has no apply block`, loc);
    return { kind: 'ControlDecl', loc, name, annotations, typeParams, params, ctorParams, locals, body };
  }

  private packageDecl(annotations: A.AnnotationNode[]): A.PackageTypeDecl {
    const loc = this.expect('package').loc;
    const name = this.name();
    this.declareType(name);
    const typeParams = this.typeParams();
    return this.withTypeParams(typeParams, () => {
      const params = this.parameterList();
      this.expect(';');
      return { kind: 'PackageTypeDecl', loc, name, annotations, typeParams, params } as A.PackageTypeDecl;
    });
  }

  private actionDecl(annotations: A.AnnotationNode[]): A.ActionDecl {
    const loc = this.expect('action').loc;
    const name = this.memberName();
    const params = this.parameterList();
    const body = this.block();
    return { kind: 'ActionDecl', loc, name, annotations, params, body };
  }

  private functionDecl(returnType: A.TypeRef, name: string, annotations: A.AnnotationNode[], loc: A.SourceLoc): A.FunctionDecl {
    const typeParams = this.typeParams();
    return this.withTypeParams(typeParams, () => {
      const params = this.parameterList();
      const body = this.block();
      return { kind: 'FunctionDecl', loc, name, annotations, returnType, typeParams, params, body } as A.FunctionDecl;
    });
  }

  private instantiation(typeRef: A.TypeRef, annotations: A.AnnotationNode[], loc: A.SourceLoc): A.InstantiationDecl {
    const args = this.argumentList();
    const name = this.name();
    if (this.is('=')) this.unsupported('extern instantiation with abstract method implementations');
    this.expect(';');
    return { kind: 'InstantiationDecl', loc, name, annotations, typeRef, args };
  }

  private tableDecl(annotations: A.AnnotationNode[]): A.TableDecl {
    const loc = this.expect('table').loc;
    const name = this.memberName();
    this.expect('{');
    let keys: A.KeyElement[] = [];
    let actions: A.ActionRef[] = [];
    let defaultAction: A.TableDecl['defaultAction'];
    let entries: A.TableDecl['entries'];
    const properties: A.TableProperty[] = [];
    while (!this.accept('}')) {
      const propAnnotations = this.annotations();
      const ploc = this.tok.loc;
      const isConst = this.accept('const');
      const pname = this.memberName();
      if (pname === 'key') {
        this.expect('=');
        keys = this.keyElements();
      } else if (pname === 'actions') {
        this.expect('=');
        actions = this.actionList();
      } else if (pname === 'default_action') {
        this.expect('=');
        defaultAction = { action: this.actionRef([]), isConst, loc: ploc };
        this.expect(';');
      } else if (pname === 'entries') {
        this.expect('=');
        entries = { entries: this.entryList(), isConst, loc: ploc };
      } else {
        this.expect('=');
        const value = this.expression();
        this.expect(';');
        properties.push({ loc: ploc, name: pname, isConst, value, annotations: propAnnotations });
      }
    }
    const table: A.TableDecl = { kind: 'TableDecl', loc, name, annotations, keys, actions, properties };
    return { ...table, ...(defaultAction ? { defaultAction } : {}), ...(entries ? { entries } : {}) };
  }

  private keyElements(): A.KeyElement[] {
    this.expect('{');
    const keys: A.KeyElement[] = [];
    while (!this.accept('}')) {
      const loc = this.tok.loc;
      const expr = this.expression();
      this.expect(':');
      const matchKind = this.name();
      const annotations = this.annotations();
      this.expect(';');
      keys.push({ loc, expr, matchKind, annotations });
    }
    return keys;
  }

  private actionList(): A.ActionRef[] {
    this.expect('{');
    const actions: A.ActionRef[] = [];
    while (!this.accept('}')) {
      const annotations = this.annotations();
      actions.push(this.actionRef(annotations));
      this.expect(';');
    }
    return actions;
  }

  private actionRef(annotations: A.AnnotationNode[]): A.ActionRef {
    const loc = this.tok.loc;
    const name = this.pathExpr();
    const args = this.is('(') ? this.argumentList() : [];
    return { loc, name, args, annotations };
  }

  private entryList(): A.TableEntryNode[] {
    this.expect('{');
    const entries: A.TableEntryNode[] = [];
    while (!this.accept('}')) {
      const annotations = this.annotations();
      const loc = this.tok.loc;
      this.accept('const');
      let priority: A.Expression | undefined;
      if (this.is('priority') && this.isAt(1, '=')) {
        this.pos += 2;
        priority = this.expression();
        this.expect(':');
      }
      const keyset = this.keysetExpression();
      this.expect(':');
      const action = this.actionRef([]);
      // Entry annotations may also follow the action (`... : a(1) @priority(3);`).
      annotations.push(...this.annotations());
      this.expect(';');
      entries.push(priority ? { loc, keyset, action, priority, annotations } : { loc, keyset, action, annotations });
    }
    return entries;
  }

  /**
   * A declaration inside a parser or control (or, with `inBody`, a statement-level
   * declaration): constant, variable, or instantiation.
   */
  private localDeclaration(annotations: A.AnnotationNode[], inBody: boolean): A.ConstantDecl | A.VariableDecl | A.InstantiationDecl {
    if (this.is('const')) return this.constantDecl(annotations);
    const loc = this.tok.loc;
    const typeRef = this.typeRef();
    if (this.is('(')) {
      if (inBody) this.fail('instantiations are not allowed inside blocks');
      return this.instantiation(typeRef, annotations, loc);
    }
    const name = this.name();
    const init = this.accept('=') ? this.expression() : undefined;
    this.expect(';');
    const decl: A.VariableDecl = { kind: 'VariableDecl', loc, name, annotations, typeRef };
    return init ? { ...decl, init } : decl;
  }

  // ---------------------------------------------------------------- types

  private typeRef(): A.TypeRef {
    const loc = this.tok.loc;
    let type: A.TypeRef;
    const t = this.tok;
    if (t.kind === 'ident' && BASE_TYPES.has(t.text)) {
      this.pos++;
      const name = t.text as A.BaseTypeRef['name'];
      if ((name === 'bit' || name === 'int' || name === 'varbit') && this.is('<')) {
        this.pos++;
        let width: A.Expression;
        if (this.is('(')) {
          this.pos++;
          width = this.expression();
          this.expect(')');
        } else {
          width = this.primary();
        }
        this.expectCloseAngle();
        type = { kind: 'BaseTypeRef', loc, name, width };
      } else {
        if (name === 'varbit') this.fail('varbit needs a maximum width: varbit<W>');
        type = { kind: 'BaseTypeRef', loc, name };
      }
    } else if (t.kind === 'ident' && t.text === 'tuple') {
      this.pos++;
      this.expect('<');
      const elements: A.TypeRef[] = [];
      if (!this.is('>')) {
        do elements.push(this.typeRef());
        while (this.accept(','));
      }
      this.expectCloseAngle();
      type = { kind: 'TupleTypeRef', loc, elements };
    } else if (this.is('_')) {
      this.pos++;
      type = { kind: 'DontCareTypeRef', loc };
    } else {
      const global = this.accept('.');
      if (this.tok.kind !== 'ident' || (RESERVED.has(this.tok.text))) this.fail(`expected a type but found '${this.tok.text}'`);
      const name = this.tokens[this.pos++]!.text;
      const typeArgs: A.TypeRef[] = [];
      if (this.is('<')) {
        this.pos++;
        if (!this.is('>')) {
          do typeArgs.push(this.typeRef());
          while (this.accept(','));
        }
        this.expectCloseAngle();
      }
      type = { kind: 'NamedTypeRef', loc, name, global, typeArgs };
    }
    while (this.is('[') ) {
      this.pos++;
      const size = this.expression();
      this.expect(']');
      type = { kind: 'StackTypeRef', loc, element: type, size };
    }
    return type;
  }

  private expectCloseAngle(): void {
    this.expect('>');
  }

  /** Speculatively reads `<types>`; returns undefined (position unchanged) when it is not a type list. */
  private tryTypeArgs(): A.TypeRef[] | undefined {
    const save = this.pos;
    try {
      this.expect('<');
      const args: A.TypeRef[] = [];
      do {
        const t = this.tok;
        const startsType =
          (t.kind === 'ident' && (BASE_TYPES.has(t.text) || t.text === 'tuple' || t.text === '_' || this.isTypeName(t.text))) ||
          (t.kind === 'punct' && t.text === '.' && this.isTypeName(this.peek().text));
        if (!startsType) throw new SyntaxError();
        args.push(this.typeRef());
      } while (this.accept(','));
      this.expect('>');
      if (!this.is('(')) throw new SyntaxError();
      return args;
    } catch (e) {
      if (!(e instanceof SyntaxError) && !(e instanceof FrontendError)) throw e;
      this.pos = save;
      return undefined;
    }
  }

  // ---------------------------------------------------------------- statements

  private block(): A.BlockStmt {
    const annotations = this.annotations();
    const loc = this.expect('{').loc;
    return this.blockRest(loc, annotations);
  }

  /** The statements of a block whose `{` was consumed. */
  private blockRest(loc: A.SourceLoc, annotations: A.AnnotationNode[]): A.BlockStmt {
    const stmts: A.Statement[] = [];
    while (!this.accept('}')) {
      if (this.tok.kind === 'eof') this.fail("expected '}'");
      stmts.push(this.statement());
    }
    return { kind: 'BlockStmt', loc, stmts, annotations };
  }

  private startsDeclaration(): boolean {
    const t = this.tok;
    if (t.kind !== 'ident') return false;
    if (t.text === 'const') return true;
    if (BASE_TYPES.has(t.text) && t.text !== 'error') return true;
    if (t.text === 'error') return this.peek().kind === 'ident';
    if (t.text === 'tuple') return true;
    if (!this.isTypeName(t.text)) return false;
    const next = this.peek();
    return next.kind === 'ident' || next.text === '<' || next.text === '[' || next.text === '(';
  }

  private statement(): A.Statement {
    const annotations = this.annotations();
    const loc = this.tok.loc;
    if (this.is('{')) {
      this.pos++;
      return this.blockRest(loc, annotations);
    }
    if (this.tok.kind === 'ident') {
      switch (this.tok.text) {
        case 'if': {
          this.pos++;
          this.expect('(');
          const cond = this.expression();
          this.expect(')');
          const then = this.statement();
          if (this.accept('else')) return { kind: 'IfStmt', loc, cond, then, else: this.statement() };
          return { kind: 'IfStmt', loc, cond, then };
        }
        case 'switch':
          return this.switchStmt();
        case 'exit':
          this.pos++;
          this.expect(';');
          return { kind: 'ExitStmt', loc };
        case 'return': {
          this.pos++;
          if (this.accept(';')) return { kind: 'ReturnStmt', loc };
          const value = this.expression();
          this.expect(';');
          return { kind: 'ReturnStmt', loc, value };
        }
        case 'for':
          return this.forStmt();
        case 'break':
        case 'continue': {
          const kind = this.tokens[this.pos++]!.text === 'break' ? 'BreakStmt' : 'ContinueStmt';
          this.expect(';');
          return { kind, loc };
        }
        case 'transition':
          this.fail("'transition' is only allowed as the last statement of a parser state");
      }
    }
    if (this.accept(';')) return { kind: 'EmptyStmt', loc };
    if (this.startsDeclaration()) {
      const decl = this.localDeclaration(annotations, true);
      if (decl.kind === 'ConstantDecl') return { kind: 'ConstDeclStmt', loc, decl };
      return { kind: 'VarDeclStmt', loc, decl: decl as A.VariableDecl };
    }
    const lhs = this.expression();
    if (this.accept('=')) {
      const rhs = this.expression();
      this.expect(';');
      return { kind: 'AssignStmt', loc, lhs, rhs };
    }
    this.expect(';');
    if (lhs.kind !== 'CallExpr') this.fail('expected an assignment or a call', loc);
    return { kind: 'CallStmt', loc, call: lhs };
  }

  /** `for (init; cond; update) body` or `for (T v in collection) body`. */
  private forStmt(): A.ForStmt | A.ForInStmt {
    const loc = this.expect('for').loc;
    this.expect('(');
    // `for (T v in ...)`: a declaration followed by `in`.
    const save = this.pos;
    if (this.startsDeclaration()) {
      const dloc = this.tok.loc;
      const typeRef = this.typeRef();
      if (this.isName() && this.isAt(1, 'in')) {
        const name = this.name();
        this.expect('in');
        const first = this.expression();
        const collection: A.Expression = this.accept('..') ? { kind: 'RangeExpr', loc: first.loc, low: first, high: this.expression() } : first;
        this.expect(')');
        const decl: A.VariableDecl = { kind: 'VariableDecl', loc: dloc, name, annotations: [], typeRef };
        return { kind: 'ForInStmt', loc, decl, collection, body: this.statement() };
      }
      this.pos = save;
    }
    const init = this.forClauses(';', true);
    this.expect(';');
    const cond = this.is(';') ? undefined : this.expression();
    this.expect(';');
    const update = this.forClauses(')', false);
    this.expect(')');
    const body = this.statement();
    return cond ? { kind: 'ForStmt', loc, init, cond, update, body } : { kind: 'ForStmt', loc, init, update, body };
  }

  /** Comma-separated declarations (init only), assignments and calls, up to `end`. */
  private forClauses(end: ';' | ')', declarations: boolean): A.Statement[] {
    const list: A.Statement[] = [];
    while (!this.is(end)) {
      const loc = this.tok.loc;
      if (declarations && this.startsDeclaration()) {
        const typeRef = this.typeRef();
        const name = this.name();
        this.expect('=');
        const decl: A.VariableDecl = { kind: 'VariableDecl', loc, name, annotations: [], typeRef, init: this.expression() };
        list.push({ kind: 'VarDeclStmt', loc, decl });
      } else {
        const lhs = this.expression();
        if (this.accept('=')) list.push({ kind: 'AssignStmt', loc, lhs, rhs: this.expression() });
        else if (lhs.kind === 'CallExpr') list.push({ kind: 'CallStmt', loc, call: lhs });
        else this.fail('expected an assignment or a call', loc);
      }
      if (!this.accept(',')) break;
    }
    return list;
  }

  private switchStmt(): A.SwitchStmt {
    const loc = this.expect('switch').loc;
    this.expect('(');
    const expr = this.expression();
    this.expect(')');
    this.expect('{');
    const cases: A.SwitchCase[] = [];
    while (!this.accept('}')) {
      const cloc = this.tok.loc;
      const labels: A.Expression[] = [];
      if (this.is('default')) labels.push({ kind: 'DefaultExpr', loc: this.tokens[this.pos++]!.loc });
      else labels.push(this.expression());
      this.expect(':');
      if (this.is('{')) cases.push({ loc: cloc, labels, body: this.block() });
      else cases.push({ loc: cloc, labels });
    }
    return { kind: 'SwitchStmt', loc, expr, cases };
  }

  // ---------------------------------------------------------------- expressions

  expression(): A.Expression {
    const cond = this.binary(0);
    if (this.is('?')) {
      const loc = this.tokens[this.pos++]!.loc;
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'TernaryExpr', loc, cond, then, else: otherwise };
    }
    return cond;
  }

  /** The binary operator at the current position, joining `>` `>` into `>>`. */
  private binaryOperator(): { op: A.BinaryOp; length: number } | undefined {
    const t = this.tok;
    if (t.kind !== 'punct') return undefined;
    if (t.text === '>') {
      const next = this.peek();
      if (next.kind === 'punct' && next.text === '>' && next.start === t.end) return { op: '>>', length: 2 };
      return { op: '>', length: 1 };
    }
    return { op: t.text as A.BinaryOp, length: 1 };
  }

  private binary(level: number): A.Expression {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = BINARY_LEVELS[level]!;
    for (;;) {
      const o = this.binaryOperator();
      if (!o || !ops.includes(o.op)) return left;
      const loc = this.tok.loc;
      this.pos += o.length;
      const right = this.binary(level + 1);
      left = { kind: 'BinaryExpr', loc, op: o.op, left, right };
    }
  }

  private unary(): A.Expression {
    const loc = this.tok.loc;
    if (this.tok.kind === 'punct' && ['!', '~', '-', '+'].includes(this.tok.text)) {
      const op = this.tokens[this.pos++]!.text as A.UnaryOp;
      return { kind: 'UnaryExpr', loc, op, operand: this.unary() };
    }
    if (this.is('(') && this.looksLikeCast()) {
      this.pos++;
      const target = this.typeRef();
      this.expect(')');
      return { kind: 'CastExpr', loc, target, expr: this.unary() };
    }
    return this.postfix(this.primary());
  }

  /** After `(`: a type followed by `)` makes a cast. */
  private looksLikeCast(): boolean {
    const t = this.peek();
    if (t.kind !== 'ident' && t.text !== '.') return false;
    const isType =
      BASE_TYPES.has(t.text) || t.text === 'tuple' || this.isTypeName(t.text) || (t.text === '.' && this.isTypeName(this.peek(2).text));
    if (!isType) return false;
    const save = this.pos;
    try {
      this.pos++;
      this.typeRef();
      return this.is(')');
    } catch (e) {
      if (!(e instanceof FrontendError)) throw e;
      return false;
    } finally {
      this.pos = save;
    }
  }

  private postfix(base: A.Expression): A.Expression {
    let expr = base;
    for (;;) {
      if (this.is('.')) {
        this.pos++;
        expr = { kind: 'MemberExpr', loc: expr.loc, base: expr, member: this.memberName() };
      } else if (this.is('[')) {
        this.pos++;
        const first = this.expression();
        if (this.accept(':')) {
          const lo = this.expression();
          this.expect(']');
          expr = { kind: 'SliceExpr', loc: expr.loc, base: expr, hi: first, lo };
        } else {
          this.expect(']');
          expr = { kind: 'IndexExpr', loc: expr.loc, base: expr, index: first };
        }
      } else if (this.is('(')) {
        expr = { kind: 'CallExpr', loc: expr.loc, callee: expr, typeArgs: [], args: this.argumentList() };
      } else if (this.is('<') && (expr.kind === 'PathExpr' || expr.kind === 'MemberExpr')) {
        const typeArgs = this.tryTypeArgs();
        if (!typeArgs) return expr;
        expr = { kind: 'CallExpr', loc: expr.loc, callee: expr, typeArgs, args: this.argumentList() };
      } else {
        return expr;
      }
    }
  }

  private argumentList(): A.Argument[] {
    this.expect('(');
    const args: A.Argument[] = [];
    if (this.accept(')')) return args;
    do {
      const loc = this.tok.loc;
      if (this.tok.kind === 'ident' && this.isAt(1, '=') && !this.isAt(2, '=')) {
        const name = this.tokens[this.pos]!.text;
        this.pos += 2;
        args.push({ kind: 'Argument', loc, name, value: this.argumentValue() });
      } else {
        args.push({ kind: 'Argument', loc, value: this.argumentValue() });
      }
    } while (this.accept(','));
    this.expect(')');
    return args;
  }

  private argumentValue(): A.Expression {
    if (this.is('_') && (this.isAt(1, ',') || this.isAt(1, ')'))) {
      return { kind: 'DontCareExpr', loc: this.tokens[this.pos++]!.loc };
    }
    return this.expression();
  }

  private pathExpr(): A.PathExpr {
    const loc = this.tok.loc;
    const global = this.accept('.');
    if (this.tok.kind !== 'ident') this.fail(`expected a name but found '${this.tok.text}'`);
    const name = this.tokens[this.pos++]!.text;
    return { kind: 'PathExpr', loc, name, global };
  }

  primary(): A.Expression {
    const t = this.tok;
    const loc = t.loc;
    if (t.kind === 'int') {
      this.pos++;
      const lit: A.IntLiteral = { kind: 'IntLiteral', loc, value: t.value!, text: t.text };
      return t.width === undefined ? lit : { ...lit, width: t.width, signed: t.signed! };
    }
    if (t.kind === 'string') {
      this.pos++;
      return { kind: 'StringLiteral', loc, value: t.text };
    }
    if (t.kind === 'punct') {
      if (t.text === '(') {
        this.pos++;
        const e = this.expression();
        this.expect(')');
        return e;
      }
      if (t.text === '{') return this.braceExpression();
      if (t.text === '.') return this.pathExpr();
      this.fail(`expected an expression but found '${t.text}'`);
    }
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'true':
        case 'false':
          this.pos++;
          return { kind: 'BoolLiteral', loc, value: t.text === 'true' };
        case 'this':
          this.unsupported("'this'");
          break;
        case '_':
          this.pos++;
          return { kind: 'DontCareExpr', loc };
        case 'error':
          this.pos++;
          return { kind: 'PathExpr', loc, name: 'error', global: false };
      }
      if (RESERVED.has(t.text)) this.fail(`expected an expression but found '${t.text}'`);
      return this.pathExpr();
    }
    this.fail(`expected an expression but found '${t.text}'`);
  }

  /** `{ a, b }` (list) or `{ f = a, g = b }` (struct initialiser). */
  private braceExpression(): A.Expression {
    const loc = this.expect('{').loc;
    if (this.accept('#')) {
      this.expect('}');
      return { kind: 'InvalidHeaderExpr', loc };
    }
    let rest = false;
    if (this.tok.kind === 'ident' && this.isAt(1, '=') && !this.isAt(2, '=')) {
      const fields: { name: string; value: A.Expression; loc: A.SourceLoc }[] = [];
      while (!this.is('}')) {
        const floc = this.tok.loc;
        if (this.accept('...')) {
          rest = true;
          break;
        }
        const name = this.memberName();
        this.expect('=');
        fields.push({ name, value: this.expression(), loc: floc });
        if (!this.accept(',')) break;
      }
      this.expect('}');
      return rest ? { kind: 'StructExpr', loc, fields, rest } : { kind: 'StructExpr', loc, fields };
    }
    const elements: A.Expression[] = [];
    while (!this.is('}')) {
      if (this.accept('...')) {
        rest = true;
        break;
      }
      elements.push(this.expression());
      if (!this.accept(',')) break;
    }
    this.expect('}');
    return rest ? { kind: 'ListExpr', loc, elements, rest } : { kind: 'ListExpr', loc, elements };
  }
}
