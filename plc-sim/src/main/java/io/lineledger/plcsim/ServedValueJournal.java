package io.lineledger.plcsim;

import io.lineledger.plcsim.model.Characteristic;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * What the server served, one line per value, as ground truth for a fault harness: measurements, batch ids,
 * batch states and part counts (not speeds, counters or alarms). The file is appended to, so a restarted
 * plc-sim continues it, and flushed after every step, so a killed one leaves every value it served before.
 *
 * <p>Tab-separated: {@code sourceTime line batch tag value quality phase}. {@code sourceTime} is the source
 * timestamp exactly as OPC UA clients receive it (100 ns resolution); {@code batch} is the line's batch id at
 * that moment ({@code -} before the first). Lines starting with {@code #} are comments.
 */
public final class ServedValueJournal implements AutoCloseable {

    static final String HEADER = "# plc-sim served values: sourceTime\tline\tbatch\ttag\tvalue\tquality\tphase";

    private final BufferedWriter out;
    private final Map<String, String> batchOfLine = new HashMap<>();

    private ServedValueJournal(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it (with a header line) when it does not exist. */
    public static ServedValueJournal open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (fresh) {
                out.write(HEADER);
                out.newLine();
                out.flush();
            }
            return new ServedValueJournal(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file, e);
        }
    }

    /** Records the values of one step the server has just published with {@code sourceTime}. */
    public synchronized void record(Step step, Instant sourceTime) {
        // the instant a client decodes from the OPC UA DateTime the server sends
        String time = new DateTime(sourceTime).getJavaInstant().toString();
        try {
            boolean wrote = false;
            for (TagWrite write : step.writes()) {
                String tag = write.tag();
                int dot = tag.indexOf('.');
                if (dot < 0) {
                    continue;
                }
                String line = tag.substring(0, dot);
                String name = tag.substring(dot + 1);
                if (name.equals("BatchId")) {
                    batchOfLine.put(line, String.valueOf(write.value()));
                }
                if (!isGroundTruth(name)) {
                    continue;
                }
                String batch = batchOfLine.getOrDefault(line, "");
                out.write(time + '\t' + line + '\t' + (batch.isEmpty() ? "-" : clean(batch)) + '\t' + tag + '\t'
                        + clean(String.valueOf(write.value())) + '\t' + write.quality() + '\t' + step.phase());
                out.newLine();
                wrote = true;
            }
            if (wrote) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    private static boolean isGroundTruth(String name) {
        if (name.equals("BatchId") || name.equals("BatchState") || name.equals("PartCount")) {
            return true;
        }
        for (Characteristic characteristic : Characteristic.values()) {
            if (name.endsWith("." + characteristic.tagName())) {
                return true;
            }
        }
        return false;
    }

    // one value per field: tabs and line breaks would split it
    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing more to write; the file keeps what was flushed
        }
    }
}
