import type { MessageTemplate } from './templates/template-definition';

/** Templates the tenants defined. */
export interface TemplateRepository {
  /** One template, or null. */
  get(tenantId: string, id: string): Promise<MessageTemplate | null>;
  /** Every template of the tenant, by id. */
  list(tenantId: string): Promise<MessageTemplate[]>;
  /** Creates or replaces a template (its `tenantId` is set). */
  put(template: MessageTemplate): Promise<void>;
  /** Deletes a template; false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
}
