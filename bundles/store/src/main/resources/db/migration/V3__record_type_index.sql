-- Certificates look up a line's gap records by type and time (RecordStore.gapsTouching).
CREATE INDEX IF NOT EXISTS ix_records_line_type_time ON records (line_id, record_type, recorded_at);
