import { ValidationError, type ValidationIssue } from '../errors';
import { engineKey } from '../runtime/engine-key';
import type { Engine } from '../runtime/engine';
import type { StoreSession } from '../storage/store';
import { type Channel } from './channels/channel';
import { CHANNEL_KINDS, type ChannelKind } from '../model/channel-kind';
import type { UserDirectory } from './directory/user-directory';
import type { CauseCheck, MessagingOptions } from './messaging-config';
import type { MessageTemplate, TemplateDefinition } from './templates/template-definition';
import { TemplateEngine, type CompiledTemplate } from './templates/template-engine';
import { toMessageTemplate } from './templates/template-normalize';

/** A template ready to render. */
export interface LoadedTemplate {
  /** The template. */
  template: MessageTemplate;
  /** Its parsed liquid. */
  compiled: CompiledTemplate;
}

const nobody: UserDirectory = { users: () => Promise.resolve([]), withRole: () => Promise.resolve([]) };

/**
 * Everything messaging needs at run time, built once by `createTickler`: the channels,
 * the configured templates (compiled), the template engine, the user directory, the
 * cause checks and the options. Internal.
 */
export class MessagingRuntime {
  readonly engine = new TemplateEngine();
  readonly directory: UserDirectory;
  readonly options: MessagingOptions;
  readonly #channels = new Map<string, Channel>();
  readonly #causes = new Map<string, CauseCheck>();
  readonly #configured = new Map<string, LoadedTemplate>();
  readonly #tenantCache = new Map<string, { version: number; updatedAt: number; loaded: LoadedTemplate }>();

  constructor(input: { channels: readonly Channel[]; templates: readonly TemplateDefinition[]; directory: UserDirectory | undefined; options: MessagingOptions; causes: Record<string, CauseCheck> }, epoch: Date) {
    this.directory = input.directory ?? nobody;
    this.options = input.options;
    const issues: ValidationIssue[] = [];
    input.channels.forEach((channel, i) => {
      if (typeof channel !== 'object' || channel === null || typeof channel.send !== 'function') issues.push({ path: `channels.${i}`, message: 'A channel has a name, a kind and a send function.' });
      else if (typeof channel.name !== 'string' || channel.name.trim() === '') issues.push({ path: `channels.${i}.name`, message: 'A channel needs a name.' });
      else if (!CHANNEL_KINDS.includes(channel.kind)) issues.push({ path: `channels.${i}.kind`, message: `kind is one of ${CHANNEL_KINDS.join(', ')}.` });
      else if (this.#channels.has(channel.name)) issues.push({ path: `channels.${i}.name`, message: `Two channels are named "${channel.name}"; give each a unique name.` });
      else this.#channels.set(channel.name, channel);
    });
    for (const [from, to] of Object.entries(this.options.fallbacks)) {
      for (const [j, name] of to.entries()) {
        if (this.resolveChannel(name) === null) issues.push({ path: `messaging.fallbacks.${from}.${j}`, message: `"${name}" is neither a configured channel nor a channel kind.` });
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    for (const [type, check] of Object.entries(input.causes)) this.#causes.set(type, check);
    input.templates.forEach((definition, i) => {
      const loaded = this.compile(definition, null, epoch, `templates.${i}`);
      if (this.#configured.has(loaded.template.id)) throw ValidationError.field(`templates.${i}.id`, `Two templates have the id "${loaded.template.id}".`);
      this.#configured.set(loaded.template.id, loaded);
    });
  }

  /** The channel with this name, if configured here. */
  channel(name: string): Channel | undefined {
    return this.#channels.get(name);
  }

  /** The channels configured here. */
  channels(): Channel[] {
    return [...this.#channels.values()];
  }

  /**
   * A channel by name, or else the first channel of that kind; a bare kind with no
   * channel configured resolves to itself, so its messages wait, visible, for one. Null
   * when the text is neither a channel name nor a kind.
   */
  resolveChannel(nameOrKind: string): { name: string; kind: ChannelKind } | null {
    const named = this.#channels.get(nameOrKind);
    if (named !== undefined) return { name: named.name, kind: named.kind };
    if (!(CHANNEL_KINDS as readonly string[]).includes(nameOrKind)) return null;
    const ofKind = [...this.#channels.values()].find((c) => c.kind === nameOrKind);
    return ofKind === undefined ? { name: nameOrKind, kind: nameOrKind as ChannelKind } : { name: ofKind.name, kind: ofKind.kind };
  }

  /** Registers the still-wanted check of a cause type (the engine's own services do this for theirs). */
  registerCause(type: string, check: CauseCheck): void {
    this.#causes.set(type, check);
  }

  /** The still-wanted check for a cause type, if any. */
  cause(type: string): CauseCheck | undefined {
    return this.#causes.get(type);
  }

  /** Normalises and compiles a definition; throws ValidationError with paths under `basePath`. */
  compile(definition: TemplateDefinition, tenantId: string | null, at: Date, basePath = ''): LoadedTemplate {
    const template = toMessageTemplate(definition, tenantId, at, 1, basePath);
    try {
      return { template, compiled: this.engine.compile(template) };
    } catch (error) {
      if (error instanceof ValidationError && basePath !== '') throw new ValidationError(error.issues.map((i) => ({ ...i, path: `${basePath}.${i.path}` })), { cause: error });
      throw error;
    }
  }

  /** The template a tenant sees under `id`: its own, or else the configured one. */
  async template(session: StoreSession, tenantId: string, id: string): Promise<LoadedTemplate | null> {
    const stored = await session.templates.get(tenantId, id);
    if (stored === null) return this.#configured.get(id) ?? null;
    const key = `${tenantId}\u0000${id}`;
    const cached = this.#tenantCache.get(key);
    if (cached !== undefined && cached.version === stored.version && cached.updatedAt === stored.updatedAt.getTime()) return cached.loaded;
    const loaded = { template: stored, compiled: this.engine.compile(stored) };
    this.#tenantCache.set(key, { version: stored.version, updatedAt: stored.updatedAt.getTime(), loaded });
    return loaded;
  }

  /** The configured templates (those given to `createTickler`). */
  configuredTemplates(): MessageTemplate[] {
    return [...this.#configured.values()].map((l) => l.template);
  }
}

/** The engine's messaging runtime. */
export const MESSAGING = engineKey<MessagingRuntime>('messaging');

/** The messaging runtime of `engine`. */
export function messagingOf(engine: Engine): MessagingRuntime {
  return engine.get(MESSAGING);
}
