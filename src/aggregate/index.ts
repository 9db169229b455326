export * from './schema.js';
export * from './stats.js';
export * from './labels.js';
export * from './tokens.js';
export * from './keyness.js';
export * from './linkage.js';
export * from './summary.js';
