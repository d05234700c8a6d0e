package io.lineledger.plcsim;

import io.lineledger.plcsim.model.LineTags;
import io.lineledger.plcsim.model.Quality;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.StationKind;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * Ground truth for load benchmarks, cheap enough for 100,000 values a second: one fixed-size binary entry per part
 * the server served (its source time, its line and how many of its measured values were Good), where
 * {@link ServedValueJournal} writes a text line per value. Buffered and flushed about twice a second and on close, so
 * a killed plc-sim may lose its last half second; use the journal where that matters.
 *
 * <p>File: a header line {@value #MAGIC} followed by the line names, tab-separated, then entries of 16 bytes, big
 * endian: the source time as OPC UA sends it (long, 100 ns ticks since 1601), the line's index in the header
 * (int) and the number of Good measured values of the part (int).
 */
public final class ServedPartsLog implements AutoCloseable {

    static final String MAGIC = "plc-sim served parts v1";
    private static final long FLUSH_NANOS = 500_000_000L;

    private final DataOutputStream out;
    private final Map<String, Integer> lineIndex = new HashMap<>();
    private final Map<String, Set<String>> measurementTags;
    private long lastFlush = System.nanoTime();

    private ServedPartsLog(DataOutputStream out, List<String> lines, Map<String, Set<String>> measurementTags) {
        this.out = out;
        for (int i = 0; i < lines.size(); i++) {
            lineIndex.put(lines.get(i), i);
        }
        this.measurementTags = Map.copyOf(measurementTags);
    }

    /** Creates (or replaces) {@code file} for the lines of a scenario. */
    public static ServedPartsLog create(Path file, List<SimulationSettings> settings) {
        List<String> lines = new ArrayList<>();
        Map<String, Set<String>> measurementTags = new HashMap<>();
        for (SimulationSettings line : settings) {
            lines.add(line.line());
            LineTags tags = new LineTags(line.line());
            Set<String> measured = new HashSet<>();
            for (StationKind station : line.stations()) {
                if (station.characteristic() != null) {
                    measured.add(tags.measurement(station.stationName(), station.characteristic()));
                }
            }
            measurementTags.put(line.line(), measured);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            out.write((MAGIC + "\t" + String.join("\t", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new ServedPartsLog(out, lines, measurementTags);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the parts log " + file, e);
        }
    }

    /** Records a step the server has just published with {@code sourceTime}, if it is a part. */
    public synchronized void record(Step step, Instant sourceTime) {
        if (step.phase() != Step.Phase.PART || step.writes().isEmpty()) {
            return;
        }
        String tag = step.writes().get(0).tag();
        int dot = tag.indexOf('.');
        String line = dot < 0 ? tag : tag.substring(0, dot);
        Integer index = lineIndex.get(line);
        if (index == null) {
            return;
        }
        Set<String> measurements = measurementTags.get(line);
        int good = 0;
        for (TagWrite write : step.writes()) {
            if (write.quality() == Quality.GOOD && measurements.contains(write.tag())) {
                good++;
            }
        }
        try {
            out.writeLong(new DateTime(sourceTime).getUtcTime());
            out.writeInt(index);
            out.writeInt(good);
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_NANOS) {
                out.flush();
                lastFlush = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parts log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the file keeps what was flushed
        }
    }

    /** Consumer of the parts of a log, in the order they were served. */
    @FunctionalInterface
    public interface PartHandler {
        void part(Instant sourceTime, String line, int measuredValues);
    }

    /** Reads a log; a torn last entry (a killed plc-sim) is ignored. */
    public static void read(Path file, PartHandler handler) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = raw.read()) != -1 && b != '\n') {
                header.write(b);
            }
            String[] fields = header.toString(StandardCharsets.UTF_8).split("\t", -1);
            if (!fields[0].equals(MAGIC)) {
                throw new IllegalArgumentException(file + " is not a plc-sim parts log (header '" + fields[0] + "')");
            }
            List<String> lines = new ArrayList<>(List.of(fields).subList(1, fields.length));
            DataInputStream in = new DataInputStream(raw);
            while (true) {
                long ticks;
                int index;
                int good;
                try {
                    ticks = in.readLong();
                    index = in.readInt();
                    good = in.readInt();
                } catch (EOFException e) {
                    return;
                }
                handler.part(new DateTime(ticks).getJavaInstant(), lines.get(index), good);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the parts log " + file, e);
        }
    }
}
