import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterNames } from '../../scripts/adapters.mjs';

// These tests load the built package (dist/) the way a host would, through the
// package's own exports map (a package may import itself by name). `npm test` builds
// dist/ first when it is stale; `.ci/run` builds before testing.
const root = join(import.meta.dirname, '..', '..');
// The adapters that are connectors (the others are the store and the channels), and their SDKs.
const NOT_CONNECTORS = new Set(['postgres', 'twilio', 'sendgrid', 'slack', 'webhook', 'outlook', 'gmail', 'clicksend', 'intercom', 'quickbooks', 'stripe', 'sap']);
/** Every source factory, by the subpath that exports it (the billing sources have their own; the CRM activity sources sit beside their connectors). */
const SOURCES = { quickbooks: 'quickbooksSource', stripe: 'stripeSource', sap: 'sapSource', salesforce: 'salesforceActivitySource', hubspot: 'hubspotActivitySource', pipedrive: 'pipedriveActivitySource', zoho: 'zohoActivitySource' };
const SOURCE_SDKS = ['stripe', 'intuit-oauth'];
/** The channel adapters added with the webhook port, and the factory each exports. */
const NEW_CHANNELS = { outlook: 'outlookChannel', gmail: 'gmailChannel', clicksend: 'clicksendSms', intercom: 'intercomChannel' };
const CONNECTORS = adapterNames().filter((name) => !NOT_CONNECTORS.has(name));
const CONNECTOR_SDKS = ['jsforce', '@hubspot/api-client', 'pipedrive', 'node-zendesk', '@googleapis/calendar', 'airtable', '@mailchimp/mailchimp_marketing', '@microsoft/microsoft-graph-client', '@googleapis/gmail', 'mimetext', 'intercom-client'];
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the built package', () => {
  it('was built', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'adapter.js', 'adapter.cjs', 'adapter.d.ts', 'testing.js', 'testing.d.ts', ...['twilio', 'sendgrid', 'slack', 'webhook'].flatMap((a) => [`${a}.js`, `${a}.cjs`, `${a}.d.ts`, `${a}.d.cts`])]) {
      expect(existsSync(join(root, 'dist', file)), `dist/${file}`).toBe(true);
    }
  });

  it('imports as ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createTickler, FakeClock, MemoryStore, isTicklerError, NotFoundError } from 'tickler';
       const t = createTickler({ clock: new FakeClock('2026-01-01T00:00:00Z'), store: new MemoryStore() });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       await a.customers.upsert({ id: 'c', name: 'C' });
       const r = await a.reminders.create({ customerId: 'c', at: { local: '2026-01-02T10:00', zone: 'Europe/Paris' }, note: 'n' });
       const e = await a.reminders.get('missing').catch((x) => x);
       console.log(r.dueAt.toISOString(), e instanceof NotFoundError, isTicklerError(e));`,
    ]);
    expect(out.trim()).toBe('2026-01-02T09:00:00.000Z true true');
  });

  it('requires as CommonJS', () => {
    const out = node([
      '-e',
      `const { createTickler, FakeClock, isTicklerError } = require('tickler');
       const t = createTickler({ clock: new FakeClock('2026-01-01T00:00:00Z') });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       a.customers.get('missing').catch((e) => console.log(e.code, isTicklerError(e)));`,
    ]);
    expect(out.trim()).toBe('NOT_FOUND true');
  });

  it('an error from the CommonJS build is recognised by the ESM build', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { isTicklerError, NotFoundError } from 'tickler';
       const cjs = createRequire(process.cwd() + '/package.json')('tickler');
       const e = new cjs.NotFoundError('customer', 'c');
       console.log(e instanceof NotFoundError, isTicklerError(e));`,
    ]);
    expect(out.trim()).toBe('false true');
  });

  it('tickler/adapter loads in ESM and CommonJS, and its classes are the main entry\'s', () => {
    const esm = node(['--input-type=module', '-e', `import { TicklerError as A, MemoryStore } from 'tickler'; import { TicklerError as B, StoreBase, MemoryTable } from 'tickler/adapter'; console.log(A === B, new MemoryStore() instanceof StoreBase, typeof MemoryTable);`]);
    expect(esm.trim()).toBe('true true function');
    const cjs = node(['-e', `const { ChannelError, untilAborted } = require('tickler/adapter'); console.log(new ChannelError('x', { retryable: true }).retryable, typeof untilAborted);`]);
    expect(cjs.trim()).toBe('true function');
  });

  it('tickler/testing imports as ESM and shares classes with the main entry', () => {
    const out = node(['--input-type=module', '-e', `import { FakeClock as A } from 'tickler'; import { FakeClock as B, runStoreContract } from 'tickler/testing'; console.log(A === B, typeof runStoreContract);`]);
    expect(out.trim()).toBe('true function');
  });

  it('tickler/postgres loads in ESM and CommonJS, and opens an embedded database', () => {
    const esm = node([
      '--input-type=module',
      '-e',
      `import { postgresStore } from 'tickler/postgres';
       import { createTickler } from 'tickler';
       const store = await postgresStore({ pglite: 'memory://', migrate: true });
       const t = createTickler({ store });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       await a.customers.upsert({ id: 'c', name: 'C' });
       console.log(store.name, (await a.customers.get('c')).name);
       await store.close();`,
    ]);
    expect(esm.trim()).toBe('pglite C');
    const cjs = node(['-e', `const p = require('tickler/postgres'); console.log(typeof p.postgresStore, typeof p.migrateSchema);`]);
    expect(cjs.trim()).toBe('function function');
  });

  it('the channel adapters load in ESM and CommonJS, and build channels that share the core with the main entry', () => {
    const esm = node([
      '--input-type=module',
      '-e',
      `import { twilioSms, twilioWhatsApp, verifyTwilioSignature, twilioInboundMessage } from 'tickler/twilio';
       import { sendgridEmail } from 'tickler/sendgrid';
       import { slackChat } from 'tickler/slack';
       import { webhookChannel, verifyWebhookSignature, signWebhookPayload } from 'tickler/webhook';
       import { createTickler, ChannelError } from 'tickler';
       const channels = [
         twilioSms({ accountSid: 'AC' + '0'.repeat(32), authToken: 'x'.repeat(32), from: '+15005550006' }),
         twilioWhatsApp({ accountSid: 'AC' + '0'.repeat(32), authToken: 'x'.repeat(32), from: '+15005550006' }),
         sendgridEmail({ apiKey: 'SG.test', from: 'billing@acme.io' }),
         slackChat({ token: 'xoxb-test' }),
         webhookChannel({ url: 'https://hooks.example.com/tickler', secret: 's'.repeat(32) }),
       ];
       createTickler({ channels });
       const e = await channels[4].send({}, { idempotencyKey: 'k', signal: AbortSignal.abort() }).catch((x) => x);
       console.log(channels.map((c) => c.kind).join(','), e instanceof ChannelError, typeof verifyTwilioSignature, typeof twilioInboundMessage, typeof verifyWebhookSignature, typeof signWebhookPayload);`,
    ]);
    expect(esm.trim()).toBe('sms,whatsapp,email,chat,webhook true function function function function');
    const cjs = node([
      '-e',
      `const names = ['twilio', 'sendgrid', 'slack', 'webhook'].map((n) => Object.keys(require('tickler/' + n)).sort().join(' '));
       console.log(names.join(' | '));`,
    ]);
    expect(cjs).toMatch(/twilioSms/);
    expect(cjs).toMatch(/sendgridEmail/);
    expect(cjs).toMatch(/slackChat/);
    expect(cjs).toMatch(/webhookChannel/);
  });

  it('the main entry does not load vitest; tickler/testing is not offered to require()', () => {
    const mainFiles = ['index.js', 'index.cjs'].map((f) => readFileSync(join(root, 'dist', f), 'utf8'));
    for (const text of mainFiles) expect(text).not.toMatch(/from ['"]vitest['"]|require\(['"]vitest['"]\)/);
    expect(() => node(['-e', `require('tickler/testing')`])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
  });

  it('package.json declares what a consumer needs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.name).toBe('tickler');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(Object.keys(pkg.exports as object)).toEqual(['.', './adapter', ...adapterNames().map((a) => `./${a}`), './testing', './package.json']);
  });

  it('every connector loads in ESM and in CommonJS, each exporting its connector factory', () => {
    expect(CONNECTORS.length).toBeGreaterThan(0);
    const script = (load: string) =>
      `const names = ${JSON.stringify(CONNECTORS)};
       const out = [];
       for (const n of names) { const m = ${load}; out.push(n + '=' + Object.keys(m).filter((k) => /Connector$/.test(k) && typeof m[k] === 'function').join(',')); }
       console.log(out.join(' '));`;
    const esm = node(['--input-type=module', '-e', script("await import('tickler/' + n)")]);
    const cjs = node(['-e', `(async () => { ${script("require('tickler/' + n)")} })()`]);
    for (const out of [esm, cjs]) {
      for (const name of CONNECTORS) expect(out, name).toMatch(new RegExp(`(^|\\s)${name}=\\w+Connector`));
    }
  });

  it('the Outlook, Gmail, ClickSend and Intercom channels load in ESM and in CommonJS, with their factory and webhooks', () => {
    const script = (load: string) =>
      `const factories = ${JSON.stringify(NEW_CHANNELS)};
       const out = [];
       for (const [n, f] of Object.entries(factories)) { const m = ${load}; out.push(n + '=' + typeof m[f]); }
       const { verifyTwilioSignature } = ${load.replace('n)', "'twilio')")};
       console.log(out.join(' '), typeof verifyTwilioSignature);`;
    const esm = node(['--input-type=module', '-e', script("await import('tickler/' + n)")]);
    const cjs = node(['-e', `(async () => { ${script("require('tickler/' + n)")} })()`]);
    for (const out of [esm, cjs]) expect(out.trim()).toBe('outlook=function gmail=function clicksend=function intercom=function function');
  });

  it('every source loads in ESM and in CommonJS, with its factory, and MemorySource comes with the core', () => {
    const script = (load: string) =>
      `const factories = ${JSON.stringify(SOURCES)};
       const out = [];
       for (const [n, f] of Object.entries(factories)) { const m = ${load}; out.push(n + '=' + typeof m[f]); }
       const { MemorySource, SourceError } = ${load.replace('n)', "'tickler')").replace("'tickler/' + ", '')};
       console.log(out.join(' '), typeof MemorySource, typeof SourceError);`;
    const esm = node(['--input-type=module', '-e', script("await import('tickler/' + n)")]);
    const cjs = node(['-e', `(async () => { ${script("require('tickler/' + n)")} })()`]);
    const expected = `${Object.keys(SOURCES).map((n) => `${n}=function`).join(' ')} function function`;
    for (const out of [esm, cjs]) expect(out.trim()).toBe(expected);
  });

  it('each source SDK is an optional peer dependency that no other entry bundles', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
    for (const sdk of SOURCE_SDKS) {
      expect(pkg.peerDependencies[sdk], sdk).toBeDefined();
      expect(pkg.peerDependenciesMeta[sdk]?.optional, sdk).toBe(true);
    }
    const others = ['index.js', 'index.cjs', 'adapter.js', 'adapter.cjs', 'sap.js', 'sap.cjs', 'salesforce.js', 'hubspot.cjs'].map((f) => readFileSync(join(root, 'dist', f), 'utf8')).join('\n');
    for (const sdk of SOURCE_SDKS) expect(others, sdk).not.toMatch(new RegExp(`(from |require\\()['"]${sdk}['"]`));
  });

  it('each connector SDK is an optional peer dependency, and neither the core nor another entry bundles one', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
    for (const sdk of CONNECTOR_SDKS) {
      expect(pkg.peerDependencies[sdk], sdk).toBeDefined();
      expect(pkg.peerDependenciesMeta[sdk]?.optional, sdk).toBe(true);
    }
    const core = ['index.js', 'index.cjs', 'adapter.js', 'adapter.cjs'].map((f) => readFileSync(join(root, 'dist', f), 'utf8')).join('\n');
    for (const sdk of CONNECTOR_SDKS) expect(core, sdk).not.toMatch(new RegExp(`(from |require\\()['"]${sdk.replace('/', '\\/')}['"]`));
  });
});
