import { Liquid } from 'liquidjs';
import type { JsonObject } from '../model/json';

// Notes, task subjects and bodies are plain text for people inside the business: no escaping, no file access.
const liquid = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, templates: {}, relativeReference: false, parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 10_000_000 });

/** Why a text template (a reminder note, a task's subject) does not parse, or null when it does. */
export function checkNoteTemplate(text: string): string | null {
  try {
    liquid.parse(text);
    return null;
  } catch (error) {
    return `The note template does not parse: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`;
  }
}

/** Renders a text template over its facts (`customer`, `event`, `invoice`…). */
export function renderNote(text: string, scope: JsonObject): string {
  return (liquid.parseAndRenderSync(text, scope) as string).trim();
}
