-- A record's anchor coverage is derived from the anchor jobs' sequence ranges (a line's jobs tile its sequence from
-- 1 without gap or overlap, which createAnchorJob has enforced since V1), no longer marked on every record row:
-- creating a job writes one row whatever its size. Every existing mark equals the range of its job, so nothing
-- changes meaning; the lookups use the (line_id, first_seq) index of anchor_jobs.
-- IF EXISTS everywhere: H2 commits each DDL statement, so a crash midway leaves a half-applied script that the next
-- start runs again from the top; PostgreSQL rolls the whole script back.

ALTER TABLE records DROP CONSTRAINT IF EXISTS fk_records_anchor_job;
DROP INDEX IF EXISTS ix_records_anchor_job;
ALTER TABLE records DROP COLUMN IF EXISTS anchor_job_id;
