-- The stemmed terms of an article's title and of each example question, [titleTerms, ...exampleTerms], computed once
-- per write (issue 20: retrieval used to stem every candidate's questions for every message). IMMUTABLE, as a
-- generated column requires: to_tsvector(regconfig, text) is.
CREATE OR REPLACE FUNCTION tandem_question_terms(cfg regconfig, title text, examples jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_array(to_jsonb(tsvector_to_array(to_tsvector(cfg, coalesce(title, '')))))
    || coalesce((SELECT jsonb_agg(to_jsonb(tsvector_to_array(to_tsvector(cfg, e.q)))) FROM jsonb_array_elements_text(examples) AS e(q)), '[]'::jsonb)
$$;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "question_terms" jsonb GENERATED ALWAYS AS (tandem_question_terms(CASE WHEN "knowledge_articles"."language" = 'id' THEN 'indonesian'::regconfig ELSE 'english'::regconfig END, "knowledge_articles"."title", "knowledge_articles"."examples")) STORED NOT NULL;
