/** Open311 XML by hand: elements only, text escaped, arrays named by their plural with singular children. */

export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const SINGULAR: Record<string, string> = { services: 'service', attributes: 'attribute', values: 'value', service_requests: 'request', errors: 'error' };

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped rather than escaped: no escape makes them legal.
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = SINGULAR[name] ?? 'item';
    return `<${name}>${value.map((v) => element(child, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}
