-- Which embedding model built each vector collection (seed: "Векторный поиск по истории"). When the
-- configured model differs, the collection is dropped and rebuilt from dialog_message, the source of truth.
CREATE TABLE vector_collection (
    name      TEXT PRIMARY KEY,
    model     TEXT        NOT NULL,
    size      INT         NOT NULL,
    distance  TEXT        NOT NULL,
    built_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
