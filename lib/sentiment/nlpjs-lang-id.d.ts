/** Types for the one file of `@nlpjs/lang-id` (MIT, ships no types) that Tandem imports beside its lexicon JSON. */
declare module "@nlpjs/lang-id/src/indonesian-stemmer" {
  /** The Snowball stemmer for Bahasa Indonesia: strips particles, possessives, prefixes and suffixes. */
  class IndonesianStemmer {
    stemWord(word: string): string;
  }
  export = IndonesianStemmer;
}

/** The `sentiment` package's English language entry (CommonJS): AFINN-165 labels and its scoring strategy. */
declare module "sentiment/languages/en/index.js" {
  const language: { labels: Record<string, number>; scoringStrategy: unknown };
  export = language;
}
