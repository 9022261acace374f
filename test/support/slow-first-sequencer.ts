import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, slowest first. vitest orders a run it has no timings for
 * (a fresh clone) by file size, which would start the one-year PostgreSQL simulation
 * last and leave one worker running it alone at the end.
 */
const SLOW_FIRST = [
  'test/dunning/simulation/one-year-postgres.test.ts',
  'test/postgres/crash.test.ts',
  'test/package/dist-exports.test.ts',
  'test/docs/doc-samples.test.ts',
  'test/example-app/workspace.e2e.test.ts',
  'test/dunning/simulation/one-year-memory.test.ts',
];

/** vitest's own order, with {@link SLOW_FIRST} ahead of everything else. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}
