-- The batch list's index: one row per batch and line, kept by every append in the append's own transaction, so that
-- a list of 100,000 batches is filtered, counted and paged without reading records. What a row says is what the
-- certificate derives from the batch's records (product, start, completion, verdict, gaps touching it); anchoring is
-- not stored here but derived from anchor_jobs when a list is read.
-- batch_index_lines says up to which sequence each line's records are indexed: the store indexes whatever lies
-- beyond it (every record of a database that predates this script, or rows restored behind the store's back) before
-- its next append to the line and when it opens, in chunks of their own transactions.
-- IF NOT EXISTS everywhere: H2 commits each DDL statement, so a crash midway leaves a half-applied script that the
-- next start runs again from the top; PostgreSQL rolls the whole script back.

CREATE TABLE IF NOT EXISTS batches (
    batch_id          VARCHAR(200)             NOT NULL,
    line_id           VARCHAR(200)             NOT NULL,
    first_seq         BIGINT                   NOT NULL,
    last_seq          BIGINT                   NOT NULL,
    records           BIGINT                   NOT NULL,
    first_recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the first batch-started record's time, else the batch's first record's (has_start says which)
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    has_start         BOOLEAN                  NOT NULL,
    -- the last batch-completed record's time; null while the batch runs
    completed_at      TIMESTAMP WITH TIME ZONE,
    start_product     VARCHAR(500),
    end_product       VARCHAR(500),
    -- start_product, else end_product: what the list shows and filters by
    product           VARCHAR(500),
    -- the verdict the last batch-completed record states
    recorded_verdict  VARCHAR(100),
    -- a gap record of the line touches the time the batch ran: a recorded PASS cannot vouch for it
    gapped            BOOLEAN                  NOT NULL,
    -- what the list shows and filters by: RUNNING before completion, INCOMPLETE for a gapped PASS, else as recorded
    verdict           VARCHAR(100)             NOT NULL,
    CONSTRAINT pk_batches PRIMARY KEY (batch_id, line_id)
);

CREATE TABLE IF NOT EXISTS batch_gaps (
    line_id     VARCHAR(200)             NOT NULL,
    seq         BIGINT                   NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the blind interval, widened to whole microseconds; null bounds: the gap record is unreadable (touches all)
    blind_from  TIMESTAMP WITH TIME ZONE,
    blind_to    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_batch_gaps PRIMARY KEY (line_id, seq)
);

CREATE TABLE IF NOT EXISTS batch_index_lines (
    line_id     VARCHAR(200) NOT NULL,
    indexed_seq BIGINT       NOT NULL,
    CONSTRAINT pk_batch_index_lines PRIMARY KEY (line_id)
);

-- newest first (by start), overall and within each filter; only a batch's start, completion or gaps change these
-- entries: an append to a running batch rewrites its row and its ix_batches_line_last entry only
CREATE INDEX IF NOT EXISTS ix_batches_newest ON batches (started_at, first_seq, batch_id, line_id);
CREATE INDEX IF NOT EXISTS ix_batches_line ON batches (line_id, started_at, first_seq, batch_id);
CREATE INDEX IF NOT EXISTS ix_batches_product ON batches (product, started_at, first_seq, batch_id, line_id);
CREATE INDEX IF NOT EXISTS ix_batches_verdict ON batches (verdict, started_at, first_seq, batch_id, line_id);
-- the batches that reach into a line's records still waiting for their anchor: its last ones
CREATE INDEX IF NOT EXISTS ix_batches_line_last ON batches (line_id, last_seq);
CREATE INDEX IF NOT EXISTS ix_batch_gaps_time ON batch_gaps (line_id, recorded_at);
