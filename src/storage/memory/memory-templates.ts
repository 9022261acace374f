import type { MessageTemplate } from '../../messaging/templates/template-definition';
import type { TemplateRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's tenant templates. */
export class MemoryTemplates implements TemplateRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<MessageTemplate | null> {
    this.journal.assertOpen();
    const t = this.state.templates.get(tenantId)?.get(id);
    return Promise.resolve(t === undefined ? null : structuredClone(t));
  }

  list(tenantId: string): Promise<MessageTemplate[]> {
    this.journal.assertOpen();
    const all = [...(this.state.templates.get(tenantId)?.values() ?? [])];
    all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(all.map((t) => structuredClone(t)));
  }

  put(template: MessageTemplate): Promise<void> {
    this.journal.assertOpen();
    const tenantId = template.tenantId as string;
    const table = this.state.tenantMap(this.state.templates, tenantId);
    const previous = table.get(template.id);
    table.set(template.id, structuredClone(template));
    this.journal.record(() => {
      if (previous === undefined) table.delete(template.id);
      else table.set(template.id, previous);
    });
    return Promise.resolve();
  }

  remove(tenantId: string, id: string): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.templates.get(tenantId);
    const previous = table?.get(id);
    if (table === undefined || previous === undefined) return Promise.resolve(false);
    table.delete(id);
    this.journal.record(() => table.set(id, previous));
    return Promise.resolve(true);
  }
}
