/**
 * `xuncha rules check [DIR]`: validate a rule folder, every problem as `file:line:column: code: message`.
 * `xuncha rules test [DIR]`:  run the rules' inline examples, one line per rule.
 * Exit 0 when all is well, 2 on any error or failing example.
 */
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/message.js';
import { checkExamples, loadRuleSet, DEFAULT_RULES_DIR, type ExampleResult, type RuleSet } from '../rules/index.js';
import { getSegmenter } from '../segment/index.js';
import { EXIT_OK, EXIT_USAGE, setExitCode } from './common.js';

/** The folder as the user named it (the default rule folder shows as "rules"). */
export function ruleDirArg(dir: string | undefined): string {
  if (dir) return dir;
  const rel = relative(process.cwd(), DEFAULT_RULES_DIR);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : DEFAULT_RULES_DIR;
}

function print(diags: Diagnostic[], out: NodeJS.WritableStream = process.stdout): void {
  for (const d of diags) out.write(formatDiagnostic(d) + '\n');
}

export function summaryLine(rs: RuleSet): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${rs.name}: ${n(rs.files.length, 'file')}, ${n(rs.categories.length, 'category').replace('categorys', 'categories')}, ${n(rs.rules.length, 'rule')}, ${n(rs.terms.length, 'term')}; threshold ${rs.threshold}; sha256 ${rs.hash.slice(0, 12)}`;
}

export function register(program: Command): void {
  const rules = program.command('rules').description('check and test rule folders');

  const check = rules
    .command('check')
    .description('validate a rule folder (YAML, schema, ids, categories, regexes, inline examples)')
    .argument('[dir]', 'rule folder (default: the rules/ shipped with xuncha)')
    .action((dir: string | undefined) => {
      const res = loadRuleSet(ruleDirArg(dir));
      if (!res.ok) {
        print(res.diagnostics);
        const errors = res.diagnostics.filter((d) => d.severity === 'error').length;
        process.stdout.write(`${errors} problem${errors === 1 ? '' : 's'} in ${ruleDirArg(dir)}\n`);
        setExitCode(check, EXIT_USAGE);
        return;
      }
      print(res.diagnostics ?? []);
      process.stdout.write(`ok ${summaryLine(res.value)}\n`);
      setExitCode(check, EXIT_OK);
    });

  const test = rules
    .command('test')
    .description("run the rules' inline examples (match / no_match) and print pass or fail per rule")
    .argument('[dir]', 'rule folder (default: the rules/ shipped with xuncha)')
    .action((dir: string | undefined) => {
      const seg = getSegmenter();
      const res = loadRuleSet(ruleDirArg(dir), { segmenter: seg, skipExamples: true });
      if (!res.ok) {
        print(res.diagnostics);
        process.stdout.write(`rules test: the rule set has errors; fix them first (xuncha rules check)\n`);
        setExitCode(test, EXIT_USAGE);
        return;
      }
      const results = checkExamples(res.value, seg);
      const byRule = new Map<string, ExampleResult[]>();
      for (const r of results) {
        const list = byRule.get(r.rule.id) ?? [];
        list.push(r);
        byRule.set(r.rule.id, list);
      }
      let failedRules = 0;
      for (const rule of res.value.rules) {
        const list = byRule.get(rule.id) ?? [];
        const failed = list.filter((r) => !r.passed);
        if (failed.length) failedRules++;
        process.stdout.write(`${failed.length ? 'FAIL' : 'pass'} ${rule.id} (${list.length - failed.length}/${list.length})\n`);
        for (const f of failed) {
          process.stdout.write(
            `  ${rule.file}:${rule.exampleLines[f.kind][f.index] ?? rule.line}: ${f.kind === 'match' ? 'should match' : 'should not match'} "${f.text}"${f.detail ? ` (${f.detail})` : ''}\n`,
          );
        }
      }
      const total = results.length;
      const passed = results.filter((r) => r.passed).length;
      process.stdout.write(`${failedRules ? 'FAILED' : 'ok'}: ${passed}/${total} examples passed, ${res.value.rules.length - failedRules}/${res.value.rules.length} rules\n`);
      setExitCode(test, failedRules ? EXIT_USAGE : EXIT_OK);
    });
}
