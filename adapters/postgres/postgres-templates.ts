import type { Selectable } from 'kysely';
import type { MessageTemplate } from 'tickler';
import type { TemplateRepository } from 'tickler/adapter';
import type { TemplatesTable } from './postgres-schema';
import type { PgContext } from './postgres-session';

function rowToTemplate(r: Selectable<TemplatesTable>): MessageTemplate {
  return { tenantId: r.tenant_id, id: r.id, ...r.body, updatedAt: r.updated_at, version: r.version };
}

/** Tenant templates in PostgreSQL: the definition is one JSON document. */
export class PostgresTemplates implements TemplateRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<MessageTemplate | null> {
    const row = await this.ctx.db.selectFrom('templates').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToTemplate(row);
  }

  async list(tenantId: string): Promise<MessageTemplate[]> {
    const rows = await this.ctx.db.selectFrom('templates').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(rowToTemplate);
  }

  async put(t: MessageTemplate): Promise<void> {
    const values = {
      body: JSON.stringify({ name: t.name, variables: t.variables, sendWindow: t.sendWindow, locales: t.locales }),
      updated_at: t.updatedAt,
      version: t.version,
    };
    await this.ctx.db
      .insertInto('templates')
      .values({ tenant_id: t.tenantId as string, id: t.id, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(values))
      .execute();
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('templates').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
