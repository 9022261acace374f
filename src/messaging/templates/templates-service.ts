import { z } from 'zod';
import type { Actor } from '../../access/actor';
import { auditSnapshot } from '../../audit/audit-snapshot';
import { requireCustomer } from '../../customers/require-customer';
import { NotFoundError, ValidationError } from '../../errors';
import { idSchema, localeSchema } from '../../model/common';
import { jsonValueSchema, type JsonValue } from '../../model/json';
import { runCommand, runRead } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import { parseInput } from '../../runtime/parse-input';
import { loadTenantSettings } from '../../tenants/tenant-settings';
import { CHANNEL_KINDS, type ChannelKind } from '../../model/channel-kind';
import type { TemplatesApi } from '../messaging-apis';
import { renderMessageContent } from '../outbox/render-message';
import { messagingOf } from '../messaging-runtime';

const previewSchema = z.strictObject({
  template: idSchema,
  kind: z.enum(CHANNEL_KINDS as [ChannelKind, ...ChannelKind[]], { error: `kind is one of ${CHANNEL_KINDS.join(', ')}.` }),
  customerId: idSchema.optional(),
  variables: z.record(z.string(), jsonValueSchema).optional(),
  locale: localeSchema.optional(),
});

/** The templates API of one actor: tenant templates stored, configured ones shown beneath them. */
export function createTemplatesApi(engine: Engine, actor: Actor): TemplatesApi {
  const runtime = messagingOf(engine);
  return {
    async define(definition) {
      return runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('template.write', { type: 'template' });
        const { template } = runtime.compile(definition, ctx.tenantId, ctx.now);
        const before = await ctx.tx.templates.get(ctx.tenantId, template.id);
        const stored = { ...template, version: (before?.version ?? 0) + 1 };
        await ctx.tx.templates.put(stored);
        await ctx.audit({ action: 'template.defined', entityType: 'template', entityId: stored.id, before, after: stored });
        return stored;
      });
    },

    async get(id) {
      const templateId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('template.read', { type: 'template', id: templateId });
        const loaded = await runtime.template(ctx.tx, ctx.tenantId, templateId);
        if (loaded === null) throw new NotFoundError('template', templateId, { path: 'id' });
        return loaded.template;
      });
    },

    async list() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('template.read', { type: 'template' });
        const own = await ctx.tx.templates.list(ctx.tenantId);
        const ids = new Set(own.map((t) => t.id));
        return [...own, ...runtime.configuredTemplates().filter((t) => !ids.has(t.id))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      });
    },

    async remove(id) {
      const templateId = parseInput(idSchema, id, 'id');
      return runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('template.write', { type: 'template', id: templateId });
        const before = await ctx.tx.templates.get(ctx.tenantId, templateId);
        if (before === null || !(await ctx.tx.templates.remove(ctx.tenantId, templateId))) throw new NotFoundError('template', templateId, { path: 'id' });
        await ctx.audit({ action: 'template.removed', entityType: 'template', entityId: templateId, before, after: null });
      });
    },

    async preview(input) {
      const data = parseInput(previewSchema, input);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('template.read', { type: 'template', id: data.template });
        const loaded = await runtime.template(ctx.tx, ctx.tenantId, data.template);
        if (loaded === null) throw ValidationError.field('template', `No template "${data.template}" in this tenant or the configuration.`);
        const customer = data.customerId === undefined ? null : await requireCustomer(ctx, data.customerId);
        const tenant = await loadTenantSettings(ctx.tx, ctx.tenantId, engine.defaults);
        const locale = data.locale ?? customer?.locale ?? tenant.locale;
        const zone = customer?.timezone ?? tenant.timezone;
        const { tenantId: _t, createdAt: _c, updatedAt: _u, version: _v, contacts: _k, ...visible } = customer ?? ({} as Record<string, unknown>);
        return renderMessageContent(runtime, {
          loaded,
          inline: null,
          kind: data.kind,
          scope: {
            customer: customer === null ? null : auditSnapshot(visible),
            recipient: { name: customer?.name ?? null, address: customer?.email ?? customer?.phone ?? '', locale, timezone: zone },
            tenant: { id: ctx.tenantId, locale: tenant.locale, timezone: tenant.timezone },
            now: ctx.now.toISOString(),
            variables: auditSnapshot(data.variables ?? {}) as Record<string, JsonValue>,
          },
          wantedLocale: locale,
          tenantLocale: tenant.locale,
          replyTo: null,
          categories: [],
        });
      });
    },
  };
}
