package io.lineledger.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads plc-sim's journal ({@code --journal}): what the PLC served. A torn last line (a killed plc-sim) is skipped. */
final class ServedValues {

    /** One served value: {@code sourceTime line batch tag value quality phase}. */
    record Served(Instant sourceTime, String line, String batch, String tag, String value, String quality,
                  String phase) {

        boolean isGoodMeasurementOfAPart() {
            return "PART".equals(phase) && "GOOD".equals(quality) && !"-".equals(batch);
        }
    }

    private ServedValues() {
    }

    static List<Served> read(Path journal) {
        List<Served> served = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(journal)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    continue;
                }
                try {
                    served.add(new Served(Instant.parse(f[0]), f[1], f[2], f[3], f[4], f[5], f[6]));
                } catch (RuntimeException e) {
                    // a line cut short by a kill
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + journal, e);
        }
        return served;
    }
}
