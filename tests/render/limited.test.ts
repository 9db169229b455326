/**
 * report.html with a limited drill-down (more findings than drillDownLimit), in Debian chromium:
 * the page says the list is limited, a cell lists its kept findings and says how many more exist.
 * Skips with a message when /usr/bin/chromium is absent (the full browser test is tests/browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { unitOf } from '../../src/aggregate/labels.js';
import { buildReports } from '../../src/render/index.js';
import { randomCorpus } from '../aggregate/corpus.js';
import { CATEGORIES } from '../aggregate/helpers.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from '../browser/chromium.js';

const TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));
if (!HAVE_CHROMIUM) console.warn(`[limited drill-down browser test] SKIPPED: ${CHROMIUM} not found`);

const LIMIT = 30;
const c = randomCorpus(3, 10);
const built = buildReports({ ...c, categories: CATEGORIES, rulesetHash: 'rs-limited', version: '0.1.0', drillDownLimit: LIMIT });
const s = built.summary;
const counted = c.findings
  .filter((f) => f.record_kind === 'finding')
  .sort((a, b) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.seq - b.seq));
const kept = new Set(counted.slice(0, LIMIT).map((f) => f.id));
const units = s.groupings[0].groups.map((g) => g.value);
const unitOfDoc = new Map(c.documents.map((d) => [d.id, unitOf(d)]));
const cellIds = (u: number, k: number) => counted.filter((f) => unitOfDoc.get(f.doc_id) === units[u] && f.primary === s.categories[k].id).map((f) => f.id);

describe('a limited drill-down (markup)', () => {
  it('says so, and the counts stay complete', () => {
    expect(counted.length).toBeGreaterThan(LIMIT);
    const html = built.files['report.html'];
    expect(html).toContain(`明细仅列出前 ${LIMIT} 条问题（共 ${counted.length} 条，按文件编号和问题顺序），完整列表见 findings.csv`);
    expect(html).toContain(`（明细仅列出前 ${LIMIT} 条问题）`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('a limited drill-down in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the kept findings of a cell and says how many more exist', async () => {
    mkdirSync(TMP, { recursive: true });
    const path = `${TMP}report-limited.html`;
    writeFileSync(path, built.files['report.html']);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    const shown = async () => (await page.locator('#xc-list tr[data-finding-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id')!))).sort();

    expect(await page.locator('#xc-limit').count()).toBe(1);
    expect(await page.locator('#xc-list tr').count()).toBe(LIMIT);
    expect(await page.locator('#xc-count').textContent()).toBe(`共 ${counted.length} 条，此处列出前 ${LIMIT} 条，另有 ${counted.length - LIMIT} 条未列出（完整列表见 findings.csv）`);

    // A cell partly listed, a cell fully listed, a cell not listed at all.
    const cells: Array<[number, number]> = [];
    units.forEach((_, u) => s.categories.forEach((_, k) => cells.push([u, k])));
    const partly = cells.find(([u, k]) => cellIds(u, k).some((id) => kept.has(id)) && cellIds(u, k).some((id) => !kept.has(id)));
    const fully = cells.find(([u, k]) => cellIds(u, k).length > 0 && cellIds(u, k).every((id) => kept.has(id)));
    const none = cells.find(([u, k]) => cellIds(u, k).length > 0 && cellIds(u, k).every((id) => !kept.has(id)));
    for (const cell of [partly, fully, none]) {
      if (!cell) continue;
      const [u, k] = cell;
      const all = cellIds(u, k);
      const listed = all.filter((id) => kept.has(id));
      await page.locator(`svg[data-chart="heatmap"] path[data-xc-cell="${u},${k}"]`).click();
      expect(await shown()).toEqual([...listed].sort());
      expect(await page.locator('#xc-list').getAttribute('data-total')).toBe(String(all.length));
      const text = await page.locator('#xc-count').textContent();
      if (listed.length === all.length) expect(text).toBe(`共 ${all.length} 条`);
      else expect(text).toBe(`共 ${all.length} 条，此处列出前 ${listed.length} 条，另有 ${all.length - listed.length} 条未列出（完整列表见 findings.csv）`);
    }
    expect(partly && fully && none).toBeTruthy();

    // "any category" mode counts findings tagged with the category at all.
    await page.locator('#xc-f-reset').click();
    await page.locator('#xc-f-cat').selectOption('0');
    await page.locator('#xc-f-mode').selectOption('any');
    const any = counted.filter((f) => f.primary === s.categories[0].id || f.categories.includes(s.categories[0].id));
    expect(await page.locator('#xc-list').getAttribute('data-total')).toBe(String(any.length));
    expect(await page.locator('#xc-list tr').count()).toBe(any.filter((f) => kept.has(f.id)).length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
