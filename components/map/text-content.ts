/**
 * Leaflet treats a string given to `bindTooltip`, `bindPopup`, `setContent` or a `divIcon`'s `html`
 * as HTML (it is assigned to `innerHTML`). Labels on our maps carry text from citizens, Cityworks,
 * uploads and admins, so they are always handed to Leaflet as a DOM node whose text is set with
 * `textContent`: markup in a summary or an attribute value shows as the characters typed, and no
 * handler in it can run.
 */
export function textContent(text: string, className?: string): HTMLElement {
  const el = document.createElement('span');
  if (className) el.className = className;
  el.textContent = text;
  return el;
}
