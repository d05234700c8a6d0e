-- Table records keeps its primary key (line_id, seq) and no other index: each of the two dropped here was one more
-- B-tree insert on every append (on H2 the composite primary key is itself an index beside the row id, so a record
-- cost four), and appending was most of the ingest threads' CPU (issue 8). Their readers now find records through
-- the batch index (V6), which every append keeps in its own transaction: a batch's records lie within its rows'
-- first_seq..last_seq on each line, a line's gap records are in batch_gaps, both read along the primary key; what
-- lies beyond a line's batch_index_lines.indexed_seq (normally nothing) is scanned along the primary key.
-- IF EXISTS everywhere: H2 commits each DDL statement, so a crash midway leaves a half-applied script that the next
-- start runs again from the top; PostgreSQL rolls the whole script back.
DROP INDEX IF EXISTS ix_records_batch;
DROP INDEX IF EXISTS ix_records_line_type_time;
