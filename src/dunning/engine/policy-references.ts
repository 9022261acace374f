import { connectorActionIssues } from '../../connectors/check-connector-action';
import { connectorsOf } from '../../connectors/connector-runtime';
import { ValidationError, type ValidationIssue } from '../../errors';
import type { CommandContext } from '../../runtime/command';
import type { DunningPolicy } from '../policy/dunning-policy';
import { messagingOf } from '../../messaging/messaging-runtime';

/** What dunning gives its templates, besides the built-ins. */
const PROVIDED = new Set(['invoice', 'invoices', 'invoiceIds', 'level', 'step']);

/**
 * Checks what a policy names before it is stored: every template exists for the tenant
 * and uses only what dunning provides (`invoice`, or `invoices` when grouped; `level`,
 * `step`), every channel is configured or a known kind, and every connector is configured
 * and accepts the work's operation and fields. A policy that would fail at
 * its first step is refused now instead.
 */
export async function checkPolicyReferences(ctx: CommandContext, policy: DunningPolicy): Promise<void> {
  const runtime = messagingOf(ctx.engine);
  const issues: ValidationIssue[] = [];
  const checkTemplate = async (id: string, path: string, grouped: boolean): Promise<void> => {
    const loaded = await runtime.template(ctx.tx, ctx.tenantId, id);
    if (loaded === null) {
      issues.push({ path, message: `No template "${id}" in this tenant or the configuration; define it first.` });
      return;
    }
    const unknown = loaded.template.variables.map((v) => v.split('.')[0] as string).filter((root) => !PROVIDED.has(root));
    if (unknown.length > 0) issues.push({ path, message: `Template "${id}" declares ${unknown.join(', ')}, which dunning does not provide (it gives invoice, invoices, level and step).` });
    const needs = grouped ? 'invoices' : 'invoice';
    const other = grouped ? 'invoice' : 'invoices';
    if (loaded.template.variables.some((v) => v.split('.')[0] === other) && !loaded.template.variables.some((v) => v.split('.')[0] === needs)) {
      issues.push({ path, message: `Template "${id}" reads ${other}, but this policy gives ${needs} (grouping: ${grouped ? 'customer' : 'invoice'}).` });
    }
  };
  const checkChannel = (name: string, path: string): void => {
    if (runtime.resolveChannel(name) === null) issues.push({ path, message: `No channel "${name}": use a configured channel name or a kind (email, sms, whatsapp, chat, webhook).` });
  };
  for (const [i, step] of policy.steps.entries()) {
    for (const [j, action] of step.actions.entries()) {
      const path = `steps.${i}.actions.${j}`;
      if (action.type === 'message') {
        await checkTemplate(action.template, `${path}.template`, policy.grouping === 'customer');
        action.channels.forEach((c, k) => checkChannel(c, `${path}.channels.${k}`));
        (action.fallback ?? []).forEach((c, k) => checkChannel(c, `${path}.fallback.${k}`));
      } else if (action.type === 'notify') {
        await checkTemplate(action.template, `${path}.template`, false);
        checkChannel(action.channel, `${path}.channel`);
      } else if (action.type === 'connector') {
        const { type: _type, ...spec } = action;
        issues.push(...connectorActionIssues(connectorsOf(ctx.engine), spec, path));
      }
    }
  }
  if (policy.escalation?.template !== undefined) {
    await checkTemplate(policy.escalation.template, 'escalation.template', false);
    checkChannel(policy.escalation.channel ?? 'email', 'escalation.channel');
  }
  if (policy.escalation?.connector !== undefined) issues.push(...connectorActionIssues(connectorsOf(ctx.engine), policy.escalation.connector, 'escalation.connector'));
  if (issues.length > 0) throw new ValidationError(issues);
}
