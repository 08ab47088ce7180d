// The layering rules of the tree, checked on every run so they stay true: scorm/ (the shared
// SCORM core) and contract/ (the wire) import neither side and use no DOM or Node API; the
// server, the player and the console import each other not at all (the console talks to the
// server through contract/ only).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');
type Area = 'scorm' | 'contract' | 'server' | 'player' | 'console';
const AREAS: Area[] = ['scorm', 'contract', 'server', 'player', 'console'];

/** Which areas each area may import from (besides itself). */
const ALLOWED: Record<Area, Area[]> = {
  scorm: [],
  contract: ['scorm'],
  server: ['scorm', 'contract'],
  player: ['scorm', 'contract'],
  console: ['scorm', 'contract'],
};

/** npm packages the pure areas may use (pure JavaScript, no I/O). */
const PURE_PACKAGES = new Set(['fast-xml-parser']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier of a file: import/export ... from, import '...', import('...'). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const areaOf = (path: string): Area | undefined => AREAS.find((a) => relative(join(root, a), path).split(/[\\/]/)[0] !== '..');

/** Every import that crosses a forbidden line, as "file → specifier (why)". */
function violations(): string[] {
  const out: string[] = [];
  for (const area of AREAS) {
    for (const file of sources(join(root, area))) {
      for (const spec of specifiers(file)) {
        const where = `${relative(root, file)} → ${spec}`;
        if (spec.startsWith('.')) {
          const target = areaOf(resolve(dirname(file), spec));
          if (target === undefined) out.push(`${where} (outside the source areas)`);
          else if (target !== area && !ALLOWED[area].includes(target)) out.push(`${where} (${area}/ may not import ${target}/)`);
        } else if ((area === 'scorm' || area === 'contract') && !PURE_PACKAGES.has(spec)) {
          out.push(`${where} (${area}/ is pure: no Node API or package with I/O)`);
        } else if ((area === 'player' || area === 'console') && (spec.startsWith('node:') || !PURE_PACKAGES.has(spec))) {
          out.push(`${where} (browser code imports no Node module or server package)`);
        }
      }
    }
  }
  return out;
}

test('the import rules hold over the tree', () => {
  assert.equal(violations(), []);
});

test('the rules would catch a breach (the checker reads real imports)', () => {
  const server = specifiers(join(root, 'server/app.ts'));
  assert.ok(server.some((s) => s.includes('/contract/') || s.includes('/scorm/') || s.startsWith('./')), 'server/app.ts has imports');
  assert.is(areaOf(join(root, 'scorm/cmi/data-model.ts')), 'scorm');
  assert.is(areaOf(join(root, 'console/pages/report-page.ts')), 'console');
  assert.is(areaOf(join(root, 'test/run.ts')), undefined);
});

/**
 * The globals every JavaScript runtime of ours has, browser and Node alike (the WinterCG common
 * minimum): the pure core may use these and nothing else beyond ECMAScript.
 */
const COMMON_GLOBALS = `
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder { encode(input?: string): Uint8Array; }
declare function structuredClone<T>(value: T): T;
`;

/**
 * scorm/ and contract/ type-check with the ECMAScript library and COMMON_GLOBALS alone: no DOM
 * lib, no Node types, so any use of window, document, fetch, Buffer or process fails here.
 */
test('scorm/ and contract/ compile without DOM and Node typings', () => {
  const files = [...sources(join(root, 'scorm')), ...sources(join(root, 'contract'))];
  const globalsFile = join(root, 'test/structure/__common-globals.d.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === globalsFile ? COMMON_GLOBALS : readFile(name));
  host.fileExists = (name) => name === globalsFile || fileExists(name);
  host.getSourceFile = (name, version, ...rest) =>
    name === globalsFile ? ts.createSourceFile(name, COMMON_GLOBALS, version) : getSourceFile(name, version, ...rest);
  const program = ts.createProgram([...files, globalsFile], options, host);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  assert.equal(errors, []);
});

test.run();
