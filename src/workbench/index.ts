/** The analyst's workbench: evaluate, analyze, diff, suggest, kwic, watch, dictionary import/export. */
export * from './gold.js';
export * from './workset.js';
export * from './metrics.js';
export * from './eval-report.js';
export * from './analyze.js';
export * from './diff.js';
export * from './kwic.js';
export * from './suggest.js';
export * from './dict.js';
export * from './watch.js';
export * from './text.js';
