// The import rules of tickler's layers (docs/architecture.md draws them). `npm run lint` runs it.
const { peerDependencies } = require('./package.json');

// Adapter libraries are the package's optional peer dependencies: the core imports none.
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const adapterLibraries = Object.keys(peerDependencies).filter((name) => name !== 'vitest').map(escape).join('|');
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file imports itself through others (type-only imports count: a cycle of types is a cycle of concepts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-imports-no-service',
      severity: 'error',
      comment: 'model/ holds entities, value types and their schemas: it may import only model/, time/ and errors.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model/|time/|errors\\.ts$)' },
    },
    {
      name: 'ports-are-leaves',
      severity: 'error',
      comment: 'A repository port names entities and list orders, nothing that runs: no runtime, store, service or API.',
      from: { path: '-repository\\.ts$' },
      to: { path: '^src/(runtime/|storage/(store|memory)|tickler\\.ts|index\\.ts)|-(service|api)\\.ts$' },
    },
    {
      name: 'storage-below-services',
      severity: 'error',
      comment: 'Stores implement the ports; they never call the engine or a service.',
      from: { path: '^src/storage/(kit|memory)/|^src/storage/store\\.ts$' },
      to: { path: '^src/(runtime/|tickler\\.ts|index\\.ts|testing/)|-(service|api)\\.ts$' },
    },
    {
      name: 'runtime-knows-no-domain',
      severity: 'error',
      comment: 'The command runtime is below every domain: domains add their parts through engine keys.',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(messaging|dunning|automations|reminders|customers|intake|scheduler|tenants)/' },
    },
    {
      name: 'only-the-entry-points-compose',
      severity: 'error',
      comment: 'The composition root (createTickler) sits above every domain: only the entry points and the test suites import it.',
      from: { path: '^src/', pathNot: '^src/(index\\.ts|testing/)' },
      to: { path: '^src/tickler\\.ts$' },
    },
    {
      name: 'core-imports-no-adapter',
      severity: 'error',
      comment: 'The core never imports an adapter or an adapter library: they are optional peers.',
      from: { path: '^src/' },
      to: { path: `^adapters/|node_modules/(${adapterLibraries}|pg-[a-z]+)/` },
    },
    {
      name: 'adapters-use-the-published-surface',
      severity: 'error',
      comment: 'An adapter is written as an outside author would: through tickler, tickler/adapter and tickler/testing only.',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: '^src/(index|adapter)\\.ts$|^src/testing/index\\.ts$' },
    },
    {
      name: 'adapters-are-independent',
      severity: 'error',
      comment: 'No adapter imports another one.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|docs/api|test/\\.generated)/' },
  },
};
