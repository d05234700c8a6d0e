-- Nothing reads records by digest, and a unique index on it took random-order keys on every append: about a quarter
-- of the CPU a value costs (BENCHMARKS.md, "CPU per value"). A digest covers a random 32-byte salt, so two records
-- never share one; the primary key (line_id, seq) stays the guard against two writers taking one sequence number.
ALTER TABLE records DROP CONSTRAINT IF EXISTS uq_records_digest;
