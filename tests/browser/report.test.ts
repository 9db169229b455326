/**
 * report.html in a real browser (Debian chromium via playwright-core, never a downloaded browser).
 * Skips with a message when /usr/bin/chromium is absent locally; FAILS in CI (process.env.CI).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildReports } from '../../src/render/index.js';
import { HOSTILE, hostileInput, sampleRun, type SampleRun } from './sample.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from './chromium.js';

const IN_CI = Boolean(process.env.CI);
const TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`[browser tests] SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium fonts-noto-cjk`);
}

describe.runIf(!HAVE_CHROMIUM && IN_CI)('browser prerequisites (CI)', () => {
  it('chromium must be installed in CI', () => {
    throw new Error(`${CHROMIUM} not found: CI must install Debian chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk)`);
  });
});

interface Opened {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!HAVE_CHROMIUM)('report.html in chromium', () => {
  let browser: Browser;
  let run: SampleRun;
  let sample: { files: Record<string, string>; summary: SampleRun['summary'] };
  let input: { documents: SampleRun['documents']; findings: SampleRun['findings'] };

  async function open(file: string, html: string): Promise<Opened> {
    mkdirSync(TMP, { recursive: true });
    const path = `${TMP}${file}`;
    writeFileSync(path, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, consoleErrors, requests, dialogs };
  }

  beforeAll(async () => {
    run = sampleRun(`${TMP}sample-run`);
    sample = { files: { 'report.html': run.html }, summary: run.summary };
    input = { documents: run.documents, findings: run.findings };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error and no network request; charts and Chinese text render', async () => {
    const { page, consoleErrors, requests } = await open('report.html', sample.files['report.html']);
    expect(consoleErrors).toEqual([]);
    // Only the file itself: no http(s), no other file, not even data: images are needed.
    expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
    expect(requests.filter((u) => u.startsWith('file:'))).toHaveLength(1);

    expect(await page.locator('svg.xc-chart-svg[data-chart="heatmap"]').count()).toBe(1);
    expect(await page.locator('svg.xc-chart-svg[data-chart="bars"]').count()).toBe(1);
    const s = sample.summary;
    const nUnits = s.groupings[0].groups.length;
    expect(await page.locator('svg[data-chart="heatmap"] path[data-xc-cell]').count()).toBe(nUnits * s.categories.length);

    expect(await page.locator('h1').textContent()).toContain('巡察发现问题');
    expect(await page.locator('svg[data-chart="heatmap"] text', { hasText: '县人民检察院' }).count()).toBeGreaterThan(0);

    // A CJK font really draws the text: ask the renderer which platform fonts it used for the heading.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName).join(',')).toMatch(/CJK|Hei|Song|Ming|Kai|Han/i);
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"'))).toBe(true);

    // report.png: the top of the page at full size (readable); report-full.png: the whole page.
    await page.screenshot({ path: `${TMP}report.png`, clip: { x: 0, y: 0, width: 1280, height: 1600 }, fullPage: true });
    await page.screenshot({ path: `${TMP}report-full.png`, fullPage: true });
    await page.close();
  });

  it('a click on a heatmap cell shows exactly that cell\'s findings, with evidence highlighted', async () => {
    const { page, consoleErrors } = await open('report.html', sample.files['report.html']);
    const s = sample.summary;
    const units = s.groupings[0].groups.map((g) => g.value);
    const expectedIds = (u: number, c: number) =>
      input.findings
        .filter((f) => f.record_kind === 'finding')
        .filter((f) => input.documents.find((d) => d.id === f.doc_id)!.unit === units[u] && f.primary === s.categories[c].id)
        .map((f) => f.id)
        .sort();
    const shownIds = async () => (await page.locator('#xc-list tr[data-finding-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id')!))).sort();

    // Initially every finding is listed.
    expect(await page.locator('#xc-list tr').count()).toBe(s.totals.findings);

    // Every non-empty and one empty heatmap cell, clicked in the SVG chart.
    const cells: Array<[number, number]> = [];
    units.forEach((_, u) => s.categories.forEach((_, c) => cells.push([u, c])));
    const empty = cells.find(([u, c]) => expectedIds(u, c).length === 0);
    const nonEmpty = cells.filter(([u, c]) => expectedIds(u, c).length > 0);
    for (const [u, c] of [...nonEmpty, ...(empty ? [empty] : [])]) {
      await page.locator(`svg[data-chart="heatmap"] path[data-xc-cell="${u},${c}"]`).click();
      expect(await shownIds()).toEqual(expectedIds(u, c));
      expect(await page.locator('#xc-f-unit').inputValue()).toBe(String(u));
      expect(await page.locator('#xc-f-cat').inputValue()).toBe(String(c));
      expect(await page.locator('#xc-selection').textContent()).toContain(s.categories[c].label);
    }

    // The same through a bar segment and through the HTML table.
    const [u, c] = nonEmpty[0];
    await page.locator('#xc-f-reset').click();
    await page.locator(`svg[data-chart="bars"] path[data-xc-cell="${u},${c}"]`).click();
    expect(await shownIds()).toEqual(expectedIds(u, c));
    const [u2, c2] = nonEmpty[nonEmpty.length - 1];
    await page.locator(`table.xc-counts button[data-xc-cell="${u2},${c2}"]`).click();
    expect(await shownIds()).toEqual(expectedIds(u2, c2));
    expect(await page.locator(`table.xc-counts button[data-xc-cell="${u2},${c2}"]`).getAttribute('aria-pressed')).toBe('true');

    // Evidence words are highlighted, and each highlight is one of the finding's evidence words.
    const finding = input.findings.find((f) => f.evidence.length > 0 && f.primary === s.categories[c2].id && input.documents.find((d) => d.id === f.doc_id)!.unit === units[u2]);
    if (finding) {
      const marks = await page.locator(`#xc-list tr[data-finding-id="${finding.id}"] mark`).allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      const words = new Set(finding.evidence.flatMap((e) => e.words));
      for (const m of marks) expect(words.has(m)).toBe(true);
    }

    // Filters: by unit, then by category in "any" mode.
    await page.locator('#xc-f-reset').click();
    await page.locator('#xc-f-unit').selectOption('0');
    const unit0 = input.findings.filter((f) => f.record_kind === 'finding' && input.documents.find((d) => d.id === f.doc_id)!.unit === units[0]);
    expect(await page.locator('#xc-list tr').count()).toBe(unit0.length);
    await page.locator('#xc-f-cat').selectOption('1');
    await page.locator('#xc-f-mode').selectOption('any');
    expect(await page.locator('#xc-list tr').count()).toBe(unit0.filter((f) => f.categories.includes(s.categories[1].id)).length);

    await page.screenshot({ path: `${TMP}report-drill.png` });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('sorts tables by a click on a column header', async () => {
    const { page } = await open('report.html', sample.files['report.html']);
    const table = page.locator('table.xc-counts').first();
    const col = (await table.locator('thead th').count()) - 1; // last category column
    const header = table.locator('thead th').nth(col);
    const values = async () => (await table.locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => Number((r as HTMLTableRowElement).cells[i].getAttribute('data-v'))), col));
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const asc = await values();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const desc = await values();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.close();
  });

  it('shows hostile document text as text and runs nothing from it', async () => {
    const { files, summary } = buildReports(hostileInput());
    const { page, consoleErrors, requests, dialogs } = await open('hostile.html', files['report.html']);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('a').count()).toBe(0);
    expect(await page.locator('main svg').count()).toBe(2); // only the two charts, no injected svg
    const units = summary.groupings[0].groups.map((g) => g.value);
    const u = units.indexOf(HOSTILE.unit);
    const c = summary.categories.findIndex((x) => x.id === 'finance');
    await page.locator(`svg[data-chart="heatmap"] path[data-xc-cell="${u},${c}"]`).click();
    const row = page.locator('#xc-list tr').first();
    expect(await page.locator('#xc-list tr').count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain(HOSTILE.title);
    expect(text).toContain('javascript:alert(3)');
    expect(await page.locator('#xc-f-unit option', { hasText: HOSTILE.unit }).count()).toBe(1);
    expect(await page.locator('table.xc-counts th', { hasText: HOSTILE.unit }).count()).toBe(1);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
