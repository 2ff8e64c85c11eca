-- The knowledge base the AI answers questions from (seed: "AI embeddings - улучшение качества ответов
-- ботов"): one entry per topic, question and answer in Russian, Kazakh and English, plus search words.
-- Loaded from faq/faq.json where an entry is missing; operators edit it through /api/faq.
CREATE TABLE faq_entry (
    key         TEXT PRIMARY KEY,
    question_ru TEXT        NOT NULL,
    question_kk TEXT        NOT NULL,
    question_en TEXT        NOT NULL,
    answer_ru   TEXT        NOT NULL,
    answer_kk   TEXT        NOT NULL,
    answer_en   TEXT        NOT NULL,
    keywords    TEXT        NOT NULL DEFAULT '',
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
