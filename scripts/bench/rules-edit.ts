/**
 * The "small rule edits" of the warm re-runs: on a copy of the rule folder, raise the weight of the
 * first rule that has a word list (`any` and the like), or add a word to that list: one the corpus
 * does not contain (`word`), one about half of its documents contain that is a term of another rule
 * already (`word-found`), or one about half of them contain that no rule has (`new-word-found`).
 * When no such rule is found the first YAML file gets a comment appended (a byte change that
 * does not change the rules' meaning). Returns what was edited.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';

export type RuleEditKind = 'weight' | 'word' | 'word-found' | 'new-word-found';

export interface RuleEdit {
  file: string;
  rule: string | null;
  kind: RuleEditKind | 'comment';
  description: string;
}

const LIST_KEYS = ['any', 'all', 'words', 'terms', 'phrases', 'patterns', 'include'];
/** A word that does not occur in the corpus: the edit changes the rule file, not the results. */
export const ADDED_WORD = '基准测试专用词';
/**
 * A word that occurs in about half of the synthetic corpus (in the county feedback report, 47% of
 * the documents; a finance term elsewhere): the `word-found` edit changes those documents' evidence.
 */
export const FOUND_WORD = '公务卡';
/**
 * A word about half of the synthetic corpus contains (the county feedback report's 办案质效) that is
 * no rule's term: the `new-word-found` edit adds a word to the segmenter's dictionary, so the
 * documents that contain it are segmented again, the analyst's usual edit.
 */
export const NEW_FOUND_WORD = '办案质效';

export function copyRules(src: string, dest: string): void {
  cpSync(src, dest, { recursive: true });
}

function listOf(rule: YAMLMap): { key: string; seq: NonNullable<ReturnType<YAMLMap['get']>> } | null {
  for (const key of LIST_KEYS) {
    const v = rule.get(key, true);
    if (isSeq(v) && v.items.length > 0 && v.items.every((x) => isScalar(x) && typeof x.value === 'string')) return { key, seq: v };
  }
  return null;
}

export function editRules(dir: string, kind: RuleEditKind): RuleEdit {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  for (const file of files) {
    const path = join(dir, file);
    const src = readFileSync(path, 'utf8');
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(src) as Document.Parsed[];
    } catch {
      continue;
    }
    if (!Array.isArray(docs)) continue;
    for (const doc of docs) {
      if (doc.errors.length) continue;
      const rules = doc.get('rules', true);
      if (!isSeq(rules)) continue;
      for (const rule of rules.items) {
        if (!isMap(rule)) continue;
        const list = listOf(rule);
        if (!list) continue;
        const id = String(rule.get('id') ?? '?');
        // Splice the source text at the node's range: the rest of the file stays byte for byte.
        const weight = rule.get('weight', true);
        let edited: string;
        let description: string;
        if (kind === 'weight' && isScalar(weight) && typeof weight.value === 'number' && weight.range) {
          const w = weight.value;
          edited = src.slice(0, weight.range[0]) + String(w + 1) + src.slice(weight.range[1]);
          description = `${file}: rule ${id}: weight ${w} → ${w + 1}`;
        } else {
          if (!isSeq(list.seq)) continue;
          const last = list.seq.items[list.seq.items.length - 1];
          if (!isScalar(last) || !last.range) continue;
          const word = kind === 'word-found' ? FOUND_WORD : kind === 'new-word-found' ? NEW_FOUND_WORD : ADDED_WORD;
          let insert: string;
          if (list.seq.flow) {
            insert = `, ${word}`;
          } else {
            const lineStart = src.lastIndexOf('\n', last.range[0] - 1) + 1;
            insert = `\n${src.slice(lineStart, last.range[0])}${word}`;
          }
          edited = src.slice(0, last.range[1]) + insert + src.slice(last.range[1]);
          description = `${file}: rule ${id}: added the word ${word} to its \`${list.key}\` list`;
          if (kind === 'weight') kind = 'word';
        }
        writeFileSync(path, edited);
        return { file, rule: id, kind, description };
      }
    }
  }
  const first = files[0];
  if (!first) throw new Error(`no YAML rule file in ${dir}`);
  writeFileSync(join(dir, first), readFileSync(join(dir, first), 'utf8') + '\n# xuncha bench: edited\n');
  return { file: first, rule: null, kind: 'comment', description: `${first}: appended a comment (no rule with a word list found)` };
}
