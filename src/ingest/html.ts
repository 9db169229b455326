/**
 * HTML (.html, .htm) → the page's main text.
 *
 * Decoding: BOM → the declared charset (<meta charset>, http-equiv, XML declaration) → the text
 * detector. Valid UTF-8 with non-ASCII content wins over a declared non-UTF-8 charset (pages re-saved
 * without updating the <meta>), with a warning.
 *
 * Extraction (html-to-text, with a custom formatter on <body> that prunes and picks from the DOM):
 * 1. always drop script, style, noscript, template, iframe, svg, form controls, images;
 * 2. drop page furniture — nav, header, footer, aside, form, menu, role=navigation/banner/contentinfo/
 *    complementary/search, and elements whose class/id names navigation, breadcrumbs, footers,
 *    sidebars… — unless the element holds most of the page's text (ASP.NET pages wrap everything in a
 *    <form>), and keeping a <header> that is inside an <article> (the article's own title);
 * 3. main container: the densest <article>, else <main>/[role=main], else the deepest element that
 *    holds ≥ 80% of the page's prose punctuation (，。；：…); then widen to the parent while that adds
 *    little text (a title in a sibling element);
 * 4. block elements become line breaks; link URLs and image alt texts are not output.
 */
import type { convert as Convert, DomNode, HtmlToTextOptions } from 'html-to-text';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { bomEncoding, decodeTextRaw, decodeUtf8Strict, decodeWith, normalizeCharset, type Decoded } from './decode.js';
import { CJK, tidyLines } from './lines.js';
import { withHardWrapsUndone } from './reflow.js';
import { withLineBreaksRestored } from './unflatten.js';
import type { IngestedText } from './types.js';
import { lazyRequire } from '../lazy-require.js';

/** html-to-text, loaded on the first HTML input. */
const htmlToText = lazyRequire<{ convert: typeof Convert }>('html-to-text');
const convert: typeof Convert = (html, options) => htmlToText().convert(html, options);

/** The charset declared in the first 4 KB: <meta charset>, <meta http-equiv content="…; charset=…">, <?xml encoding>. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_:.\-]+)["']/i.exec(head);
  return xml ? xml[1] : null;
}

function decodeHtml(file: string, bytes: Uint8Array): Result<Decoded> {
  if (bomEncoding(bytes)) return decodeTextRaw(bytes, file);
  const declared = declaredCharset(bytes);
  if (!declared) return decodeTextRaw(bytes, file);
  const cs = normalizeCharset(declared);
  const warn = (reason: string): Diagnostic => diag(file, 'W_CHARSET', reason, { severity: 'warning' });
  if (bytes.indexOf(0) !== -1) return decodeTextRaw(bytes, file); // binary: let the detector say so
  const utf8 = decodeUtf8Strict(bytes);
  if (cs === 'utf-8') {
    if (utf8 !== null) return { ok: true, value: { text: utf8, encoding: 'utf-8' } };
    const r = decodeTextRaw(bytes, file);
    if (r.ok) return { ...r, diagnostics: [warn(`the page declares charset=${declared} but is not valid UTF-8; decoded as ${r.value.encoding}`), ...(r.diagnostics ?? [])] };
    return r;
  }
  if (utf8 !== null && /[^\x00-\x7f]/.test(utf8)) {
    return { ok: true, value: { text: utf8, encoding: 'utf-8' }, diagnostics: [warn(`the page declares charset=${declared} but is valid UTF-8; decoded as UTF-8`)] };
  }
  const text = decodeWith(bytes, cs);
  if (text === null) {
    const r = decodeTextRaw(bytes, file);
    if (r.ok) return { ...r, diagnostics: [warn(`unknown charset "${declared}"; decoded as ${r.value.encoding}`), ...(r.diagnostics ?? [])] };
    return r;
  }
  return { ok: true, value: { text, encoding: cs } };
}

// ---------------------------------------------------------------------------------------------
// DOM pruning and main-content selection (on html-to-text's htmlparser2 DOM)

const ALWAYS_DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'svg', 'canvas', 'object', 'embed',
  'head', 'title', 'meta', 'link', 'base', 'button', 'select', 'input', 'textarea', 'option', 'img', 'picture',
  'video', 'audio', 'map',
]);
const FURNITURE_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu', 'dialog']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);
const FURNITURE_NAME =
  /^(?:nav|navbar|navigation|menu|menus|menubar|breadcrumbs?|crumbs?|bread|footer|foot|sidebar|side|share|sharebar|bdshare|toolbar|topbar|copyright|banner|position|location|dqwz|weizhi|friendlinks?|links|related|comments?|pagination|pager|paging|ads?|advert|search|login|skip|header|head|masthead)$|(?:nav|menu|footer|header|crumbs?)$/;
/** Container tags the density search may descend into. */
const CONTAINERS = new Set(['html', 'body', 'div', 'section', 'article', 'main', 'table', 'tbody', 'thead', 'tr', 'td', 'th', 'center', 'form', 'blockquote', 'font', 'span', 'dl', 'dd']);
const PROSE_PUNCT = /[，。；：！？、,;!?]/g;

type Node = DomNode & { attribs?: Record<string, string> };

function isElement(n: Node): boolean {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function tagName(n: Node): string {
  return (n.name ?? '').toLowerCase();
}

function nameTokens(n: Node): string[] {
  const a = n.attribs ?? {};
  return `${a.class ?? ''} ${a.id ?? ''}`
    .toLowerCase()
    .split(/[\s_\-]+/)
    .filter(Boolean);
}

function insideArticle(n: Node): boolean {
  for (let p = n.parent as Node | undefined; p; p = p.parent as Node | undefined) {
    if (tagName(p) === 'article') return true;
  }
  return false;
}

/** 'semantic': nav/header/footer/aside/menu tags and landmark roles; 'fuzzy': <form>, class/id names. */
function furniture(n: Node): 'semantic' | 'fuzzy' | null {
  const tag = tagName(n);
  const headerLike = (t: string) => t === 'header' || t === 'head' || t === 'masthead' || t.endsWith('header');
  if (tag === 'form') return 'fuzzy';
  if (FURNITURE_TAGS.has(tag)) return tag === 'header' && insideArticle(n) ? null : 'semantic';
  const role = (n.attribs?.role ?? '').toLowerCase();
  if (FURNITURE_ROLES.has(role)) return 'semantic';
  const tokens = nameTokens(n).filter((t) => FURNITURE_NAME.test(t));
  if (tokens.length === 0) return null;
  if (insideArticle(n) && tokens.every(headerLike)) return null;
  return 'fuzzy';
}

const CJK_WIDE = new RegExp(`[${CJK}“”‘’]`, 'u');
/**
 * CSS Text 3 segment-break transformation: a line break in the source between (or next to) East Asian
 * wide characters is removed rather than rendered as a space ("学习\n贯彻" is "学习贯彻").
 */
function removeCjkSegmentBreaks(root: Node): void {
  for (const c of root.children ?? []) {
    const n = c as Node;
    if (n.type === 'text' && n.data) {
      n.data = n.data.replace(/[ \t]*(?:\r\n|\r|\n)[\s]*/g, (m, offset: number, all: string) => {
        const before = all.slice(0, offset).slice(-1);
        const after = all.slice(offset + m.length, offset + m.length + 1);
        return (before && CJK_WIDE.test(before)) || (after && CJK_WIDE.test(after)) ? '' : m;
      });
    } else if (isElement(n) && tagName(n) !== 'pre' && tagName(n) !== 'textarea') {
      removeCjkSegmentBreaks(n);
    }
  }
}

interface Measure {
  text: number;
  linkText: number;
  punct: number;
}

function measure(n: Node, cache: Map<Node, Measure>, inLink = false): Measure {
  const hit = cache.get(n);
  if (hit) return hit;
  const m: Measure = { text: 0, linkText: 0, punct: 0 };
  if (n.type === 'text') {
    const t = (n.data ?? '').replace(/[\s\u00a0\u3000]+/g, '');
    m.text = t.length;
    if (inLink) m.linkText = t.length;
    else m.punct = (t.match(PROSE_PUNCT) ?? []).length;
  } else {
    const link = inLink || tagName(n) === 'a';
    for (const c of n.children ?? []) {
      const cm = measure(c as Node, cache, link);
      m.text += cm.text;
      m.linkText += cm.linkText;
      m.punct += cm.punct;
    }
  }
  cache.set(n, m);
  return m;
}

function removeWhere(root: Node, pred: (n: Node) => boolean): void {
  const kids = root.children ?? [];
  for (let i = kids.length - 1; i >= 0; i--) {
    const c = kids[i] as Node;
    if (c.type === 'comment' || c.type === 'directive' || (isElement(c) && pred(c))) kids.splice(i, 1);
    else removeWhere(c, pred);
  }
}

function findAll(root: Node, pred: (n: Node) => boolean, out: Node[] = []): Node[] {
  for (const c of root.children ?? []) {
    const n = c as Node;
    if (!isElement(n)) continue;
    if (pred(n)) out.push(n);
    findAll(n, pred, out);
  }
  return out;
}

/** Prune the page furniture from `body` (in place) and return the element holding the main text. */
export function pickMainContent(body: Node): Node {
  removeWhere(body, (n) => ALWAYS_DROP.has(tagName(n)));
  let cache = new Map<Node, Measure>();
  const total = measure(body, cache);
  // Furniture goes, unless it contains the <article>/<main>, or it is only guessed from a class/id
  // name or is a <form> (ASP.NET pages wrap everything in one) and holds most of the page's text.
  removeWhere(body, (n) => {
    const kind = furniture(n);
    if (!kind) return false;
    if (findAll(n, (d) => tagName(d) === 'article' || tagName(d) === 'main').length > 0) return false;
    if (kind === 'fuzzy' && measure(n, cache).text > total.text * 0.5) return false;
    return true;
  });
  removeCjkSegmentBreaks(body);
  cache = new Map();
  const all = measure(body, cache);
  const score = (n: Node) => {
    const m = measure(n, cache);
    return all.punct > 0 ? m.punct : m.text - m.linkText;
  };
  const allScore = all.punct > 0 ? all.punct : all.text - all.linkText;

  let chosen: Node | null = null;
  const articles = findAll(body, (n) => tagName(n) === 'article');
  if (articles.length) {
    const best = articles.reduce((a, b) => (score(b) > score(a) ? b : a));
    if (score(best) >= allScore * 0.3) chosen = best;
  }
  if (!chosen) {
    const mains = findAll(body, (n) => tagName(n) === 'main' || (n.attribs?.role ?? '').toLowerCase() === 'main');
    if (mains.length) {
      const best = mains.reduce((a, b) => (score(b) > score(a) ? b : a));
      if (score(best) >= allScore * 0.3) chosen = best;
    }
  }
  let main: Node = chosen ?? body;
  if (!chosen) {
    // Densest: descend while one child container still holds ≥ 80% of the page's prose.
    for (;;) {
      const next: Node | undefined = (main.children ?? [])
        .map((c) => c as Node)
        .find((c) => isElement(c) && CONTAINERS.has(tagName(c)) && score(c) >= allScore * 0.8 && score(c) > 0);
      if (!next) break;
      main = next;
    }
  }
  // Widen to the parent while that only adds a little non-link text before the main element (a title
  // in a sibling <div>), and nothing after it.
  while (main !== body && main.parent) {
    const p = main.parent as Node;
    const kids = (p.children ?? []) as Node[];
    const at = kids.indexOf(main);
    const sum = (nodes: Node[]) =>
      nodes.reduce((acc, k) => {
        const m = measure(k, cache);
        return { text: acc.text + m.text, linkText: acc.linkText + m.linkText };
      }, { text: 0, linkText: 0 });
    const before = sum(kids.slice(0, at));
    const after = sum(kids.slice(at + 1));
    const mainText = measure(main, cache).text;
    if (after.text > 10 || before.linkText > before.text * 0.3 || before.text > mainText * 0.25 + 20) break;
    main = p;
  }
  return main;
}

/**
 * The last <h1> before `main` in document order, when `main` has none of its own and the heading is
 * a title (6 to 80 characters): a page whose content <div> follows its title in a sibling element
 * the widening above could not take (a share bar or previous/next links after the content). Without
 * an <h1> there, the last <h2> or <h3> before `main` that names an inspection (巡察 巡视 整改 反馈:
 * <div class="title"><h2>县委第三巡察组关于巡察……的反馈意见</h2></div>), when `main` has none such.
 */
function titleBefore(body: Node, main: Node): Node | null {
  if (findAll(main, (n) => tagName(n) === 'h1').length) return null;
  let last: Node | null = null;
  let sub: Node | null = null;
  const visit = (n: Node): boolean => {
    if (n === main) return true;
    const tag = tagName(n);
    if (tag === 'h1') last = n;
    else if ((tag === 'h2' || tag === 'h3') && NAMES_INSPECTION.test(plainText(n))) sub = n;
    else for (const k of (n.children ?? []) as Node[]) if (visit(k)) return true;
    return false;
  };
  if (!visit(body)) return null;
  const pick = last ?? (sub && !findAll(main, (n) => (tagName(n) === 'h2' || tagName(n) === 'h3') && NAMES_INSPECTION.test(plainText(n))).length ? sub : null);
  if (!pick) return null;
  const len = measure(pick, new Map()).text;
  return len >= 6 && len <= 80 ? pick : null;
}

const NAMES_INSPECTION = /巡[察视]|整改|反馈/u;

/** The text of an element's text nodes, concatenated. */
function plainText(n: Node): string {
  if (n.type === 'text') return n.data ?? '';
  return ((n.children ?? []) as Node[]).map(plainText).join('');
}

const block = (lead = 1, trail = 1) => ({ format: 'block', options: { leadingLineBreaks: lead, trailingLineBreaks: trail } });

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // No silent truncation of long pages (the default cuts at 16M characters); readInput caps file size.
  limits: { maxInputLength: 0 },
  baseElements: { selectors: ['body'], returnDomByDefault: true },
  formatters: {
    xunchaMain: (elem, walk, builder) => {
      const main = pickMainContent(elem as Node);
      builder.openBlock({ leadingLineBreaks: 1 });
      // The page's title heading when the main text lies outside it (<h1> over a sibling content <div>).
      const title = main === elem ? null : titleBefore(elem as Node, main);
      walk(main === elem ? elem.children : title ? [title, main] : [main], builder);
      builder.closeBlock({ trailingLineBreaks: 1 });
    },
  },
  selectors: [
    { selector: 'body', format: 'xunchaMain' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'hr', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, format: 'heading', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } })),
    { selector: 'p', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'ul', format: 'unorderedList', options: { itemPrefix: ' ', leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'ol', format: 'orderedList', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'blockquote', ...block() },
    { selector: 'table', ...block() },
    { selector: 'tr', ...block() },
    { selector: 'td', ...block() },
    { selector: 'th', ...block() },
    { selector: 'dt', ...block() },
    { selector: 'dd', ...block() },
    { selector: 'pre', format: 'pre', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
};

/** The main text of an HTML page (already decoded). */
export function htmlMainText(html: string): string {
  const source = /<body[\s>]/i.test(html) ? html : `<body>${html}</body>`;
  const out = convert(source, OPTIONS);
  return tidyLines(out.split('\n').map((l) => l.replace(/\u00a0/g, ' ').replace(/[ \t]{2,}/g, ' ')));
}

export function ingestHtml(file: string, bytes: Uint8Array): Result<IngestedText> {
  const d = decodeHtml(file, bytes);
  if (!d.ok) return d;
  let text: string;
  try {
    text = htmlMainText(d.value.text);
  } catch (e) {
    return { ok: false, diagnostics: [diag(file, 'E_HTML', 'cannot convert the HTML to text', { note: e instanceof Error ? e.message : String(e) })] };
  }
  if (!text) {
    return {
      ok: false,
      diagnostics: [diag(file, 'E_HTML', 'no text remains after removing scripts, navigation, headers and footers', { note: 'is the page rendered by JavaScript?' })],
    };
  }
  const w = withHardWrapsUndone(file, text, d.diagnostics);
  const r = withLineBreaksRestored(file, w.text, w.diagnostics);
  return { ok: true, value: { type: 'text', format: 'html', encoding: d.value.encoding, text: r.text }, diagnostics: r.diagnostics };
}
