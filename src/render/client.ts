/**
 * The one inline script of report.html (a constant, so its CSP hash is a constant too).
 * It reads the JSON data block, builds the drill-down rows with DOM methods and textContent only
 * (never innerHTML), handles clicks on [data-xc-cell] (SVG chart cells and HTML table cells),
 * the unit / category filters, and sortable tables. When the list is limited (data.more), it says
 * how many findings of the current selection are not listed.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('xc-data').textContent);
  var U = data.units, C = data.categories, F = data.findings, M = data.more || null;
  function $(id) { return document.getElementById(id); }
  var fu = $('xc-f-unit'), fc = $('xc-f-cat'), fm = $('xc-f-mode');
  var tbody = $('xc-list'), count = $('xc-count'), caption = $('xc-selection');

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== null && text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function highlighted(t, marks) {
    var box = el('div', null, 'xc-text'), pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      if (m[0] > pos) box.appendChild(document.createTextNode(t.slice(pos, m[0])));
      var k = el('mark', t.slice(m[0], m[1]), 'xc-c' + m[2]);
      k.title = C[m[2]].label;
      box.appendChild(k);
      pos = m[1];
    });
    if (pos < t.length) box.appendChild(document.createTextNode(t.slice(pos)));
    return box;
  }
  function cell(tr, text, v, cls) {
    var td = el('td', text, cls);
    if (v !== undefined) td.setAttribute('data-v', String(v));
    tr.appendChild(td);
    return td;
  }
  function row(f) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-finding-id', f.id);
    cell(tr, U[f.u], U[f.u]);
    var d = cell(tr, null, f.o);
    d.appendChild(el('div', f.n, 'xc-num'));
    d.appendChild(el('div', f.k, 'xc-muted'));
    var main = cell(tr, null, f.ti);
    main.appendChild(el('div', f.ti, 'xc-title'));
    main.appendChild(highlighted(f.t, f.m));
    if (f.ms) {
      var ms = el('div', null, 'xc-measures');
      ms.appendChild(el('strong', '整改措施：'));
      ms.appendChild(document.createTextNode(f.ms));
      main.appendChild(ms);
    }
    if (f.ev.length) {
      var ev = el('div', null, 'xc-evidence');
      ev.appendChild(el('span', '依据：', 'xc-muted'));
      f.ev.forEach(function (e, i) {
        if (i) ev.appendChild(document.createTextNode('；'));
        ev.appendChild(el('span', C[e[0]].label + '：', 'xc-c' + e[0] + ' xc-tag'));
        ev.appendChild(document.createTextNode(e[1]));
      });
      main.appendChild(ev);
    }
    main.appendChild(el('div', f.id, 'xc-id'));
    var p = cell(tr, null, C[f.p].label);
    p.appendChild(el('span', C[f.p].label, 'xc-c' + f.p + ' xc-tag'));
    cell(tr, f.c.filter(function (x) { return x !== f.p; }).map(function (x) { return C[x].label; }).join('、') || '—');
    cell(tr, f.pr || '—');
    return tr;
  }
  // How many findings the current filter matches in the whole corpus, when the list is limited.
  function fullCount(u, c, mode) {
    if (!M) return null;
    if (u === '' && c === '') return M.total;
    var rows = u === '' ? M.units : [M.units[Number(u)]], n = 0;
    rows.forEach(function (r) { n += c === '' ? r[0] : r[mode === 'primary' ? 1 : 2][Number(c)]; });
    return n;
  }
  function apply() {
    var u = fu.value, c = fc.value, mode = fm.value;
    var shown = F.filter(function (f) {
      if (u !== '' && f.u !== Number(u)) return false;
      if (c !== '') {
        var ci = Number(c);
        if (mode === 'primary' ? f.p !== ci : f.c.indexOf(ci) < 0) return false;
      }
      return true;
    });
    tbody.textContent = '';
    shown.forEach(function (f) { tbody.appendChild(row(f)); });
    var full = fullCount(u, c, mode);
    if (full !== null && full > shown.length) {
      count.textContent = '共 ' + full + ' 条，此处列出前 ' + shown.length + ' 条，另有 ' + (full - shown.length) + ' 条未列出（完整列表见 findings.csv）';
    } else {
      count.textContent = '共 ' + shown.length + ' 条';
    }
    tbody.setAttribute('data-count', String(shown.length));
    tbody.setAttribute('data-total', String(full === null ? shown.length : full));
    var parts = [];
    parts.push(u === '' ? '全部单位' : U[Number(u)]);
    parts.push(c === '' ? '全部类别' : C[Number(c)].label + (mode === 'primary' ? '（主类别）' : '（任一类别）'));
    caption.textContent = '当前：' + parts.join(' × ');
    var pressed = document.querySelectorAll('[data-xc-cell][aria-pressed="true"]');
    Array.prototype.forEach.call(pressed, function (x) { x.setAttribute('aria-pressed', 'false'); });
    if (u !== '' && c !== '' && mode === 'primary') {
      Array.prototype.forEach.call(document.querySelectorAll('[data-xc-cell="' + Number(u) + ',' + Number(c) + '"]'), function (x) {
        x.setAttribute('aria-pressed', 'true');
      });
    }
  }
  function selectCell(spec) {
    var p = spec.split(',');
    fu.value = String(Number(p[0]));
    fc.value = String(Number(p[1]));
    fm.value = 'primary';
    apply();
    var target = $('xc-drill');
    if (target && target.scrollIntoView) target.scrollIntoView({ block: 'start' });
  }
  function sortBy(th) {
    var table = th.closest('table'), body = table.tBodies[0];
    if (!body) return;
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var rows = Array.prototype.slice.call(body.rows);
    function key(r) {
      var c = r.cells[idx];
      if (!c) return '';
      var v = c.getAttribute('data-v');
      return v !== null ? v : c.textContent.trim();
    }
    var numeric = rows.every(function (r) { var k = key(r); return k === '' || isFinite(Number(k)); });
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var r = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'zh-CN');
      return dir === 'ascending' ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var c = t.closest('[data-xc-cell]');
    if (c) { e.preventDefault(); selectCell(c.getAttribute('data-xc-cell')); return; }
    var th = t.closest('table.xc-sortable thead th');
    if (th) { sortBy(th); return; }
    if (t.closest('#xc-f-reset')) { fu.value = ''; fc.value = ''; fm.value = 'primary'; apply(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    var t = e.target;
    var c = t && t.getAttribute && t.getAttribute('data-xc-cell');
    if (c && t.tagName.toLowerCase() !== 'button') { e.preventDefault(); selectCell(c); }
    var th = t && t.closest && t.closest('table.xc-sortable thead th');
    if (th) { e.preventDefault(); sortBy(th); }
  });
  [fu, fc, fm].forEach(function (s) { s.addEventListener('change', apply); });
  document.documentElement.classList.add('xc-js');
  apply();
})();
`;
