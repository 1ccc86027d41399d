/**
 * Phrases that search treats as one and the same (see ./search.ts): a query containing any phrase of a
 * group matches text containing any other. Data, kept small: only synonyms that word matching cannot see
 * — Chinese abbreviations ('大模型' for '大语言模型') and topics the bank names in one language only (its
 * tags are English, so '模型压缩' must reach the `model-compression` tag). Lower case, as normalised text.
 */
export const SEARCH_ALIASES: readonly (readonly string[])[] = [
  ['大模型', '大语言模型', '大型语言模型', 'llm', 'large language model'],
  ['模型压缩', 'model compression'],
  ['开发者关系', 'devrel', 'developer relations'],
  ['社区', 'community'],
];
