-- A line whose chain is ahead of the store: appends are refused until the fence is lifted (see LineFence).
-- IF NOT EXISTS everywhere: H2 commits each DDL statement, so a crash midway leaves a half-applied script
-- that the next start runs again from the top.

CREATE TABLE IF NOT EXISTS line_fences (
    line_id        VARCHAR(200)             NOT NULL,
    chain_next_seq BIGINT                   NOT NULL,
    store_last_seq BIGINT                   NOT NULL,
    reason         VARCHAR(4000)            NOT NULL,
    raised_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_line_fences PRIMARY KEY (line_id)
);
