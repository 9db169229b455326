/**
 * The rule-file schema (zod). Objects are strict, so a misspelt key is an error, not a silent
 * default. Checks that need more than one value at a time (exactly one matcher per rule, ids unique
 * across files, categories declared, regexes valid, examples passing) live in compile.ts.
 */
import { z } from 'zod';

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const idString = (what: string) =>
  z.string({ error: `${what} must be a string` }).regex(ID, { error: `${what} may use letters, digits, "_", "." and "-" only` });

const term = z.string({ error: 'a term must be a string' }).trim().min(1, { error: 'a term must not be empty' });
const termList = (what: string) => z.array(term, { error: `${what} must be a list of words` }).min(1, { error: `${what} must not be empty` });

export const ScopeSchema = z.union([z.literal('sentence'), z.number().int().nonnegative()], {
  error: 'within must be "sentence" or a whole number of characters ≥ 0',
});

export const FieldSchema = z.enum(['title', 'body', 'heading'], { error: 'where takes title, body and heading' });

export const RuleSchema = z.strictObject({
  id: idString('rule id'),
  category: idString('category').optional(),
  description: z.string({ error: 'description must be a string' }).optional(),
  any: termList('any').optional(),
  all: z
    .array(z.union([term, termList('an all item')], { error: 'an all item is a word or a list of alternative words' }), {
      error: 'all must be a list',
    })
    .min(1, { error: 'all must not be empty' })
    .optional(),
  within: ScopeSchema.optional(),
  regex: z.string({ error: 'regex must be a string' }).min(1, { error: 'regex must not be empty' }).optional(),
  unless: z
    .strictObject({ any: termList('unless.any'), within: ScopeSchema.optional() }, { error: 'unless must be a mapping with any (and within)' })
    .optional(),
  where: z.array(FieldSchema, { error: 'where must be a list' }).min(1, { error: 'where must not be empty' }).optional(),
  weight: z.number({ error: 'weight must be a number' }).finite().refine((w) => w !== 0, { error: 'weight must not be 0' }).optional(),
  examples: z.strictObject(
    {
      match: z.array(z.string({ error: 'an example must be a string' }), { error: 'examples.match must be a list' }).min(1, { error: 'examples.match must not be empty' }),
      no_match: z
        .array(z.string({ error: 'an example must be a string' }), { error: 'examples.no_match must be a list' })
        .min(1, { error: 'examples.no_match must not be empty' })
        .optional(),
    },
    { error: 'examples must be a mapping with match (and no_match)' },
  ),
});
export type RuleInput = z.infer<typeof RuleSchema>;

export const CategorySchema = z.strictObject({
  id: idString('category id'),
  label: z.string({ error: 'label must be a string' }).min(1, { error: 'label must not be empty' }),
  description: z.string({ error: 'description must be a string' }).optional(),
});
export type CategoryInput = z.infer<typeof CategorySchema>;

const factor = z.number({ error: 'a field factor must be a number' }).nonnegative();

export const SettingsSchema = z.strictObject({
  name: z.string({ error: 'name must be a string' }).min(1).optional(),
  threshold: z.number({ error: 'threshold must be a number' }).positive({ error: 'threshold must be > 0' }).optional(),
  fields: z.strictObject({ title: factor.optional(), body: factor.optional(), heading: factor.optional() }).optional(),
  /** An extra jieba-format dictionary (`word [freq] [tag]` per line), relative to the rule folder. */
  dictionary: z.string({ error: 'dictionary must be a file name' }).min(1).optional(),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;

export const RuleFileSchema = z.strictObject(
  {
    ruleset: SettingsSchema.optional(),
    categories: z.array(CategorySchema, { error: 'categories must be a list' }).min(1, { error: 'categories must not be empty' }).optional(),
    rules: z.array(RuleSchema, { error: 'rules must be a list' }).min(1, { error: 'rules must not be empty' }).optional(),
  },
  { error: 'a rule file is a mapping with ruleset, categories and rules' },
);
export type RuleFileInput = z.infer<typeof RuleFileSchema>;
