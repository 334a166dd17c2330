-- Retrieval's typo tolerance (issue 14 item 2): a message word no article contains is searched as the org's article
-- term it misspells ("adress" → "address", "refnd" → "refund"), the closest by Levenshtein distance
-- (fuzzystrmatch's levenshtein_less_equal, lib/agent/retrieve.ts).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
