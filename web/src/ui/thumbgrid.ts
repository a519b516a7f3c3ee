// A grid of photo tiles that keeps only the rows near the screen in the
// DOM (a virtualised grid): a class of 2,000 photos costs the page a few
// dozen elements, not thousands, so the Photos screen opens and scrolls
// at once. The grid's own height is the full height of all rows, so the
// page scrolls as if every tile were there. Tiles are made by the caller
// and kept while visible; one window scroll/resize handler lays out every
// live grid once per animation frame.

/** Rows kept above and below the visible ones. */
const OVERSCAN_PX = 600;

export interface GridOptions {
  /** Smallest tile width for a given grid width (px). */
  minTile: (width: number) => number;
  gap: number;
  /** Height under the square image (the tile's controls). */
  caption: number;
  /** A fixed tile height instead of square + caption (a list of table rows: minTile = the width). */
  rowHeight?: number;
}

const live = new Set<VirtualGrid<{ id: string }>>();
let frame = 0;
function schedule(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    for (const g of live) g.layout();
  });
}
if (typeof window !== 'undefined') {
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
}

export class VirtualGrid<T extends { id: string }> {
  readonly el: HTMLElement;
  private items: readonly T[] = [];
  private readonly nodes = new Map<string, { item: T; node: HTMLElement }>();
  private readonly resize: ResizeObserver;

  constructor(
    private readonly make: (item: T) => HTMLElement,
    private readonly opts: GridOptions,
    attrs: Record<string, string> = {},
  ) {
    this.el = document.createElement('div');
    this.el.className = 'vgrid';
    for (const [k, v] of Object.entries(attrs)) this.el.setAttribute(k, v);
    this.resize = new ResizeObserver(schedule);
    this.resize.observe(this.el);
    live.add(this as unknown as VirtualGrid<{ id: string }>);
  }

  /** New contents; tiles of items that are the same object are kept. */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.layout();
  }

  /** Which items are in the DOM now (tests and the screen's own checks). */
  get rendered(): number {
    return this.nodes.size;
  }

  layout(): void {
    const width = this.el.clientWidth;
    if (!this.el.isConnected || width === 0) return;
    const { gap, caption } = this.opts;
    const cols = Math.max(1, Math.floor((width + gap) / (this.opts.minTile(width) + gap)));
    const tile = (width - gap * (cols - 1)) / cols;
    const itemH = this.opts.rowHeight ?? tile + caption;
    const rowH = itemH + gap;
    const rows = Math.ceil(this.items.length / cols);
    const height = Math.max(0, rows * rowH - gap);
    this.el.style.height = `${height}px`;
    const top = this.el.getBoundingClientRect().top;
    const from = Math.max(0, -top - OVERSCAN_PX);
    const to = Math.min(height, window.innerHeight - top + OVERSCAN_PX);
    const first = to > from ? Math.floor(from / rowH) * cols : 0;
    const last = to > from ? Math.min(this.items.length, (Math.floor(to / rowH) + 1) * cols) : 0;
    const keep = new Set<string>();
    for (let i = first; i < last; i++) {
      const item = this.items[i]!;
      let entry = this.nodes.get(item.id);
      if (entry && entry.item !== item) {
        entry.node.remove();
        entry = undefined;
      }
      if (!entry) {
        entry = { item, node: this.make(item) };
        this.nodes.set(item.id, entry);
      }
      const s = entry.node.style;
      s.left = `${(i % cols) * (tile + gap)}px`;
      s.top = `${Math.floor(i / cols) * rowH}px`;
      s.width = `${tile}px`;
      s.height = `${itemH}px`;
      if (entry.node.parentNode !== this.el) this.el.append(entry.node);
      keep.add(item.id);
    }
    for (const [id, { node }] of this.nodes) {
      if (keep.has(id)) continue;
      node.remove();
      this.nodes.delete(id);
    }
  }

  destroy(): void {
    live.delete(this as unknown as VirtualGrid<{ id: string }>);
    this.resize.disconnect();
    this.el.remove();
  }
}
