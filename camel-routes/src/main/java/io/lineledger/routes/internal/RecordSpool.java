package io.lineledger.routes.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.model.RecordDraft;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record drafts the store did not take, held durably per line until it does: one append-only journal per line
 * ({@code <lineId>.jsonl}), one JSON line per held draft, written and fsync'd before {@link #hold} returns. Drafts
 * leave in order: {@link #markDrained} appends a {@code {"drained":N}} line once the N oldest are in the store, and the
 * journal is deleted when nothing is left. A last line cut short by a crash is ignored with a warning.
 *
 * <p>A crash between the store's commit and the drained mark leaves the head in the journal although the store has
 * it: {@link #headUnconfirmed} tells the drainer to compare it with the line's last record first.
 */
public final class RecordSpool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final Map<String, Journal> journals = new HashMap<>();
    private final Set<String> loaded = new HashSet<>();

    private static final class Journal {
        final Path file;
        final Deque<RecordDraft> pending = new ArrayDeque<>();
        FileChannel channel;
        boolean headUnconfirmed;

        Journal(Path file) {
            this.file = file;
        }
    }

    /**
     * Opens the spool in {@code directory} (created if missing). A line's journal is read when the line is first
     * asked about, so several lines' rules can share one directory, each reading only its own journal.
     */
    public RecordSpool(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("record spool " + directory + " cannot be created", e);
        }
    }

    /** The line's journal, read from disk the first time (what an earlier run left); null when it holds nothing. */
    private Journal journal(String lineId) {
        if (loaded.add(lineId)) {
            Path file = fileOf(lineId);
            if (Files.exists(file)) {
                try {
                    Journal journal = load(file);
                    if (journal.pending.isEmpty()) {
                        Files.delete(file);
                    } else {
                        journal.headUnconfirmed = true;
                        journals.put(lineId, journal);
                        LOG.warn("{} record draft(s) of line {} are held in the spool from an earlier run; they go to"
                                + " the store first", journal.pending.size(), lineId);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("record spool " + file + " cannot be read", e);
                }
            }
        }
        return journals.get(lineId);
    }

    public synchronized boolean hasPending(String lineId) {
        Journal journal = journal(lineId);
        return journal != null && !journal.pending.isEmpty();
    }

    /** Drafts of a line still held, oldest first. */
    public synchronized List<RecordDraft> pending(String lineId) {
        Journal journal = journal(lineId);
        return journal == null ? List.of() : List.copyOf(journal.pending);
    }

    /** Appends a draft to its line's journal; it is on disk when this returns. */
    public void hold(RecordDraft draft) {
        holdAll(List.of(draft));
    }

    /** Appends drafts of one line to its journal, in order, with one sync; they are on disk when this returns. */
    public synchronized void holdAll(List<RecordDraft> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        String lineId = drafts.get(0).lineId();
        Journal journal = journal(lineId);
        if (journal == null) {
            journal = new Journal(fileOf(lineId));
            journals.put(lineId, journal);
        }
        StringBuilder lines = new StringBuilder();
        try {
            for (RecordDraft draft : drafts) {
                if (!draft.lineId().equals(lineId)) {
                    throw new IllegalArgumentException("record spool: drafts of lines " + lineId + " and "
                            + draft.lineId() + " in one hold");
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("line", draft.lineId());
                entry.put("type", draft.type());
                entry.put("batch", draft.batchId());
                entry.put("fields", draft.fields());
                lines.append(JSON.writeValueAsString(Map.of("draft", entry))).append('\n');
            }
            write(journal, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("record spool " + journal.file + ": cannot hold " + drafts.size()
                    + " draft(s) of line " + lineId, e);
        }
        journal.pending.addAll(drafts);
    }

    /** The oldest draft of a line still held. */
    public synchronized Optional<RecordDraft> head(String lineId) {
        Journal journal = journal(lineId);
        return journal == null ? Optional.empty() : Optional.ofNullable(journal.pending.peekFirst());
    }

    /** The oldest {@code most} drafts of a line still held, oldest first. */
    public synchronized List<RecordDraft> heads(String lineId, int most) {
        Journal journal = journal(lineId);
        return journal == null ? List.of() : journal.pending.stream().limit(most).toList();
    }

    /** Whether the head was read from an earlier run's journal and the store may already hold it. */
    public synchronized boolean headUnconfirmed(String lineId) {
        Journal journal = journal(lineId);
        return journal != null && journal.headUnconfirmed;
    }

    /** The head of a line is in the store now. */
    public void markDrained(String lineId) {
        markDrained(lineId, 1);
    }

    /** The {@code count} oldest drafts of a line are in the store now. */
    public synchronized void markDrained(String lineId, int count) {
        Journal journal = journal(lineId);
        if (journal == null || journal.pending.size() < count || count < 1) {
            throw new IllegalStateException("record spool: line " + lineId + " has " + (journal == null ? 0
                    : journal.pending.size()) + " drafts held, cannot mark " + count + " stored");
        }
        try {
            for (int i = 0; i < count; i++) {
                journal.pending.removeFirst();
            }
            journal.headUnconfirmed = false;
            if (journal.pending.isEmpty()) {
                closeChannel(journal);
                Files.deleteIfExists(journal.file);
                journals.remove(lineId);
            } else {
                write(journal, ("{\"drained\":" + count + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("record spool " + journal.file + ": cannot mark a draft stored", e);
        }
    }

    @Override
    public synchronized void close() {
        journals.values().forEach(RecordSpool::closeChannel);
    }

    private Path fileOf(String lineId) {
        return directory.resolve(URLEncoder.encode(lineId, StandardCharsets.UTF_8) + SUFFIX);
    }

    private static void write(Journal journal, byte[] line) throws IOException {
        if (journal.channel == null) {
            boolean created = !Files.exists(journal.file);
            journal.channel = FileChannel.open(journal.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created) {
                forceDirectory(journal.file.getParent());
            }
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            journal.channel.write(buffer);
        }
        journal.channel.force(false);
    }

    /** A new file's name is durable only once its directory is: without this a power cut can lose the journal. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("record spool: cannot sync directory {} (not supported here)", directory, e);
        }
    }

    private static void closeChannel(Journal journal) {
        if (journal.channel != null) {
            try {
                journal.channel.close();
            } catch (IOException e) {
                LOG.warn("record spool {}: close failed", journal.file, e);
            }
            journal.channel = null;
        }
    }

    private static Journal load(Path file) throws IOException {
        Journal journal = new Journal(file);
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            boolean complete = end < bytes.length;
            try {
                read(text, journal, file, lineNumber);
            } catch (IOException | RuntimeException e) {
                if (complete) {
                    throw new IllegalStateException("record spool " + file + ", line " + lineNumber
                            + " is not a held draft: " + e.getMessage(), e);
                }
                // written only in part when the process died: the draft was never acknowledged as held
                LOG.warn("record spool {}: ignoring its last line {}, cut short by a crash: {}", file, lineNumber,
                        text);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(start);
                    channel.force(false);
                }
                return journal;
            }
            if (!complete) {
                // the whole entry made it, its newline did not: end the line so the next entry starts on its own
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    channel.force(false);
                }
            }
            start = end + 1;
        }
        return journal;
    }

    private static void read(String text, Journal journal, Path file, int lineNumber) throws IOException {
        Map<String, Object> entry = JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        if (entry.containsKey("drained")) {
            // {"drained":N}: the N oldest held drafts were stored
            int count = entry.get("drained") instanceof Number n ? n.intValue() : -1;
            if (count < 1) {
                throw new IllegalArgumentException("drained = " + entry.get("drained") + ": must be a count >= 1");
            }
            for (int i = 0; i < count; i++) {
                if (journal.pending.pollFirst() == null) {
                    throw new IllegalStateException("record spool " + file + ", line " + lineNumber
                            + " marks a draft stored that was never held");
                }
            }
        } else if (entry.get("draft") instanceof Map<?, ?> draft) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) draft.get("fields");
            journal.pending.addLast(new RecordDraft((String) draft.get("line"), (String) draft.get("type"),
                    (String) draft.get("batch"), fields));
        } else {
            throw new IllegalArgumentException("neither a draft nor a drained mark");
        }
    }
}
