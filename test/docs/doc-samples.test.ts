import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test', '.generated', 'doc-samples');

/** Every ```ts block of README.md, adapters/README.md and docs/*.md, which must each compile as a module. */
function samples(): { file: string; index: number; code: string }[] {
  const files = ['README.md', 'adapters/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const found: { file: string; index: number; code: string }[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)];
    blocks.forEach((m, index) => found.push({ file, index, code: m[1] ?? '' }));
  }
  return found;
}

describe('documentation samples', () => {
  it('every ```ts block in README.md and docs/ compiles against the sources', () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const all = samples();
    expect(all.length).toBeGreaterThan(10);
    const names = all.map((s) => {
      const name = join(outDir, `${s.file.replace(/[/.]/g, '_')}_${s.index}.ts`);
      // Each sample is its own module so top-level names do not clash.
      writeFileSync(name, `${s.code}\nexport {};\n`);
      return name;
    });
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram(names, { ...parsed.options, noEmit: true, noUnusedLocals: false });
    // Only the samples are checked: getPreEmitDiagnostics would type-check every source
    // file they import as well, which the typecheck step already does, at twice the cost.
    const diagnostics = names.flatMap((name) => {
      const file = program.getSourceFile(name);
      if (file === undefined) throw new Error(`${name} is not in the program`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    });
    const report = diagnostics.map((d) => {
      const where = d.file?.fileName.replace(`${outDir}/`, '') ?? '';
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${where}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(report).toEqual([]);
  }, 120_000);

  it('the README quickstart is examples/quickstart.ts, and it runs', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const quickstart = /## Quickstart[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quickstart).toBe(readFileSync(join(root, 'examples', 'quickstart.ts'), 'utf8'));
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    try {
      await import('../../examples/quickstart');
    } finally {
      console.log = original;
    }
    expect(lines).toEqual([
      'Stored as 2026-11-24T09:00:00.000Z (Europe/Paris)',
      'Clock icon green? true',
      'Due now: Call back about the renewal',
      '1 reminder fired; upcoming now: []',
    ]);
  });
});
