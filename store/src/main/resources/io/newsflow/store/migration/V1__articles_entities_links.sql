-- newsflow downstream store, version 1: what the PostgreSQL sink writes and the query API reads.
-- Every row is keyed by ids that come from the records (article id, entity id, link key), never by
-- a sequence, so writing the same records again changes nothing.

-- One row per article: its newest version, chosen by (received_at, enriched_at).
CREATE TABLE articles (
    id                text        PRIMARY KEY,
    title             text        NOT NULL,
    clean_title       text        NOT NULL,
    body              text        NOT NULL,
    body_format       text        NOT NULL,
    clean_text        text        NOT NULL,
    url               text,
    published_at      timestamptz,
    received_at       timestamptz NOT NULL,
    enriched_at       timestamptz NOT NULL,
    source            text,
    language          text,
    detected_language text,
    publisher         text,
    channel           text        NOT NULL,
    origin            text,
    word_count        integer     NOT NULL CHECK (word_count >= 0),
    -- where the version stored was read from, for tracing a row back to its record
    kafka_topic       text        NOT NULL,
    kafka_partition   integer     NOT NULL,
    kafka_offset      bigint      NOT NULL,
    -- newest first means by publication time, or by arrival when the publisher gave none
    sort_time         timestamptz NOT NULL GENERATED ALWAYS AS (coalesce(published_at, received_at)) STORED,
    -- full-text search: the headline weighs more than the body; the body's first 256k characters
    -- are indexed, so that an outsized article is still stored (a tsvector is limited to 1 MB)
    search            tsvector    NOT NULL GENERATED ALWAYS AS (
                          setweight(to_tsvector('english', clean_title), 'A')
                          || setweight(to_tsvector('english', left(clean_text, 262144)), 'B')) STORED
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE INDEX articles_sort_time ON articles (sort_time DESC, id DESC);

-- People, organisations and places, by canonical id; name and type as last seen.
CREATE TABLE entities (
    id           text        PRIMARY KEY,
    name         text        NOT NULL,
    type         text        NOT NULL,
    source       text,
    last_seen_at timestamptz NOT NULL
);

-- Every name an entity is known by: its canonical name and each surface form written in an article
-- (ISIS, ISIL, Daesh). name_key is the name folded for lookup (see io.newsflow.sink.postgres.Names).
CREATE TABLE entity_names (
    entity_id text NOT NULL REFERENCES entities (id),
    name_key  text NOT NULL,
    name      text NOT NULL,
    PRIMARY KEY (entity_id, name_key)
);
CREATE INDEX entity_names_key ON entity_names (name_key text_pattern_ops);

-- Which entities an article mentions. sort_time is the article's, copied so that "an entity's
-- articles, newest first" is one index range scan.
CREATE TABLE article_entities (
    article_id    text        NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id     text        NOT NULL REFERENCES entities (id),
    confidence    real        NOT NULL,
    mention_count integer     NOT NULL CHECK (mention_count >= 0),
    sort_time     timestamptz NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_by_entity ON article_entities (entity_id, sort_time DESC, article_id DESC);

-- Where each entity is mentioned: offsets into clean_text (BODY) or clean_title (TITLE).
CREATE TABLE mentions (
    article_id   text    NOT NULL,
    entity_id    text    NOT NULL,
    field        text    NOT NULL CHECK (field IN ('BODY', 'TITLE')),
    start_offset integer NOT NULL CHECK (start_offset >= 0),
    end_offset   integer NOT NULL,
    text         text    NOT NULL,
    PRIMARY KEY (article_id, field, start_offset, end_offset, entity_id),
    FOREIGN KEY (article_id, entity_id) REFERENCES article_entities (article_id, entity_id) ON DELETE CASCADE,
    CHECK (end_offset > start_offset)
);

-- Direct quotes, with their speakers when attributed.
CREATE TABLE quotes (
    article_id   text    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start_offset integer NOT NULL CHECK (start_offset >= 0),
    end_offset   integer NOT NULL,
    text         text    NOT NULL,
    speaker_id   text,
    speaker_name text,
    cue          text,
    block        boolean NOT NULL,
    confidence   real    NOT NULL,
    PRIMARY KEY (article_id, start_offset),
    CHECK (end_offset >= start_offset)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id) WHERE speaker_id IS NOT NULL;

-- Cross-reference links by (from, type, to): the newest record of a link wins. to_id is an article
-- id (RELATED, DUPLICATE, resolved HYPERLINK), an entity id (CITES, QUOTE) or a URL (HYPERLINK).
-- No foreign key on from_id: a link may arrive before its article does. The key and the index on
-- to_id hash it, because a URL can be longer than a b-tree entry may be (2704 bytes).
CREATE TABLE links (
    from_id     text             NOT NULL,
    type        text             NOT NULL,
    to_id       text             NOT NULL,
    score       double precision NOT NULL,
    evidence    jsonb            NOT NULL,
    target_name text,
    via         text,
    created_at  timestamptz      NOT NULL
);
CREATE UNIQUE INDEX links_key ON links (from_id, type, md5(to_id));
CREATE INDEX links_to ON links USING hash (to_id);

-- The story each article belongs to now (its STORY link; a story's id names its first article).
CREATE TABLE story_members (
    article_id text        PRIMARY KEY,
    story_id   text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id);

-- Stories with their size and time span, over the articles stored.
CREATE VIEW stories AS
SELECT s.story_id          AS id,
       count(*)            AS article_count,
       min(a.sort_time)    AS first_at,
       max(a.sort_time)    AS last_at
FROM story_members s
JOIN articles a ON a.id = s.article_id
GROUP BY s.story_id;
