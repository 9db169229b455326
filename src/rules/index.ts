/** Rule sets: schema, loading with positions, checking, inline examples. */
export * from './types.js';
export { compileRuleSet, ruleSetHash, normalizeTerm, ruleTerms, type RuleSource, type CompileOptions } from './compile.js';
export { loadRuleSet, readRuleSources, DEFAULT_RULES_DIR, type LoadOptions } from './load.js';
export { checkExamples, type ExampleResult } from './examples.js';
