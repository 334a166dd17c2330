/** Types for the one file of `@nlpjs/lang-id` (MIT, ships no types) that Tandem imports beside its lexicon JSON. */
declare module "@nlpjs/lang-id/src/indonesian-stemmer" {
  /** The Snowball stemmer for Bahasa Indonesia: strips particles, possessives, prefixes and suffixes. */
  class IndonesianStemmer {
    stemWord(word: string): string;
  }
  export = IndonesianStemmer;
}
