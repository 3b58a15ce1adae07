import { MESSAGE_PLACEHOLDERS } from './settings';

export type MessageVars = Partial<Record<(typeof MESSAGE_PLACEHOLDERS)[number], string | number>>;

/** Fills `{name}` placeholders; unknown or missing ones stay visible so a typo shows in the preview. */
export function renderMessage(template: string, vars: Readonly<Partial<Record<string, string | number>>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
    return v === undefined ? whole : String(v);
  });
}

/** The status-specific message if one is configured (case-insensitive), else the default. */
export function messageForStatus(messages: { default: string; byStatus: Record<string, string> }, status: string): string {
  const key = Object.keys(messages.byStatus).find((k) => k.toUpperCase() === status.toUpperCase());
  return key ? messages.byStatus[key]! : messages.default;
}
