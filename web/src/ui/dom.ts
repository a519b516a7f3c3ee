// A tiny element builder, so UI pieces stay plain functions without a framework.

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown> & { class?: string; dataset?: Record<string, string> };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    // Through the CSSOM: a style attribute would need CSP 'unsafe-inline' (csp.ts).
    else if (k === 'style') el.style.cssText = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k in el && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A hidden file input that calls back with the chosen files. */
export function filePicker(opts: { accept?: string; multiple?: boolean; folder?: boolean; capture?: string; testid?: string }, onFiles: (files: File[]) => void): HTMLInputElement {
  const input = h('input', { type: 'file', accept: opts.accept, class: 'visually-hidden', 'data-testid': opts.testid });
  input.multiple = !!opts.multiple;
  if (opts.folder) input.setAttribute('webkitdirectory', '');
  if (opts.capture) input.setAttribute('capture', opts.capture);
  input.addEventListener('change', () => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length) onFiles(files);
  });
  return input;
}

/**
 * A big button that opens a file picker. The input sits beside the button,
 * not inside it (no control inside a control), labelled and out of the tab order.
 */
export function pickButton(label: string, cls: string, input: HTMLInputElement): HTMLElement {
  input.setAttribute('aria-label', label);
  input.tabIndex = -1;
  return h('span', { class: 'pick' }, h('button', { type: 'button', class: cls, onclick: () => input.click() }, label), input);
}

const thumbUrls = new Map<string, string>();
/** Object URL of a photo's thumbnail, made once and kept. */
export function thumbUrl(id: string, blob: Blob): string {
  let u = thumbUrls.get(id);
  if (!u) {
    u = URL.createObjectURL(blob);
    thumbUrls.set(id, u);
  }
  return u;
}
