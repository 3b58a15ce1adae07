/**
 * Injection payloads for the untrusted-text suite (e2e/xss.spec.ts). Each one, if a page ever
 * treated it as markup, script or a URL, would call `__xss(<its id>)` (or alert), which the suite
 * records. They cover the usual families: tags with event handlers, SVG and MathML (including
 * mutation-XSS shapes), <script> in several disguises, javascript: and data: URLs, breaking out of
 * attributes and of textarea/title/noscript/CDATA, encoded forms (entities, percent, unicode
 * escapes, full-width), template syntaxes, and case and nesting tricks. None has leading or
 * trailing white space (inputs trim) and all fit the shortest field they go through (120 chars).
 */
const RAW: readonly string[] = [
  '<img src=x onerror=__xss(§)>',
  '<svg onload=__xss(§)>',
  '<script>__xss(§)</script>',
  'javascript:__xss(§)',
  '" onmouseover="__xss(§)" data-x="',
  "' onfocus='__xss(§)' autofocus='",
  '</textarea><script>__xss(§)</script>',
  '</title><script>__xss(§)</script>',
  '&lt;script&gt;__xss(§)&lt;/script&gt;',
  '%3Cscript%3E__xss(§)%3C%2Fscript%3E',
  '\\u003cimg src=x onerror=__xss(§)\\u003e',
  '<iframe srcdoc="<script>parent.__xss(§)</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(§)>',
  '${__xss(§)}',
  "{{constructor.constructor('__xss(§)')()}}",
  '<a href="javascript:__xss(§)">open</a>',
  '<body onload=__xss(§)>',
  '<details open ontoggle=__xss(§)>',
  '<input autofocus onfocus=__xss(§)>',
  '<video><source onerror=__xss(§)></video>',
  '<object data="javascript:__xss(§)"></object>',
  '<embed src="javascript:__xss(§)">',
  '<svg><animate onbegin=__xss(§) attributeName=x dur=1s>',
  '<img src=x onerror="&#95;&#95;xss(§)">',
  '<scr<script>ipt>__xss(§)</scr</script>ipt>',
  '"><script>__xss(§)</script>',
  "'><img src=x onerror=__xss(§)>",
  '<div style="background:url(javascript:__xss(§))">',
  '<form action="javascript:__xss(§)"><button>go</button></form>',
  '<base href="javascript:__xss(§)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(§)">',
  '<noscript><p title="</noscript><img src=x onerror=__xss(§)>">',
  '<svg><script>__xss(§)</script></svg>',
  '<IMG SRC=x OnErRoR=__xss(§)>',
  '<img src=x onerror=alert(§)>',
  '＜script＞__xss(§)＜/script＞',
  ']]><script>__xss(§)</script><![CDATA[',
  '<!--<img src="--><img src=x onerror=__xss(§)//">',
  '<svg><a xlink:href="javascript:__xss(§)"><text x=9 y=9>x</text></a></svg>',
  '<img src="data:image/svg+xml,<svg onload=__xss(§)>">',
  '<style>@import "javascript:__xss(§)";</style>',
  '<select><template shadowrootmode=open><img src=x onerror=__xss(§)></template></select>',
];

export interface Payload {
  id: number;
  text: string;
}

export const PAYLOADS: readonly Payload[] = RAW.map((raw, i) => ({ id: i + 1, text: raw.replaceAll('§', String(i + 1)) }));

/** Payloads packed into texts of at most `max` characters, joined by a space. */
export function packed(payloads: readonly Payload[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const p of payloads) {
    const next = current === '' ? p.text : `${current} ${p.text}`;
    if (next.length <= max) current = next;
    else {
      if (current !== '') out.push(current);
      current = p.text;
    }
  }
  if (current !== '') out.push(current);
  return out;
}
