package io.lineledger.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which plc-sim tags LineLedger records as measured characteristics, read from the distribution's line
 * configurations ({@code etc/io.lineledger.line-*.cfg}): plc-sim tag (its string node id, e.g.
 * {@code Line2.Capper.CapTorque}) → the line id and characteristic name its quality records carry.
 */
final class MeasuredTags {

    record Measured(String lineId, String characteristic) {
    }

    private MeasuredTags() {
    }

    static Map<String, Measured> read(Path etc) throws IOException {
        Map<String, Measured> measured = new LinkedHashMap<>();
        try (DirectoryStream<Path> configs = Files.newDirectoryStream(etc, "io.lineledger.line-*.cfg")) {
            for (Path config : configs) {
                Properties line = new Properties();
                try (InputStream in = Files.newInputStream(config)) {
                    line.load(in);
                }
                String lineId = line.getProperty("lineId", "").trim();
                for (String key : line.stringPropertyNames()) {
                    if (!key.startsWith("characteristic.") || !key.endsWith(".tag")
                            || key.indexOf('.', "characteristic.".length()) != key.length() - ".tag".length()) {
                        continue;
                    }
                    String characteristic = key.substring("characteristic.".length(), key.length() - ".tag".length());
                    String tag = line.getProperty(key).trim();
                    String nodeId = line.getProperty("tag." + tag + ".node", line.getProperty("tag." + tag, "")).trim();
                    String path = line.getProperty("tag." + tag + ".path", "").trim();
                    String plcTag = nodeId.contains(";s=") ? nodeId.substring(nodeId.indexOf(";s=") + 3)
                            : path.replaceAll("^/?(Objects/)?", "").replaceAll("[0-9]+:", "").replace('/', '.');
                    if (!plcTag.isEmpty() && !lineId.isEmpty()) {
                        measured.put(plcTag, new Measured(lineId, characteristic));
                    }
                }
            }
        }
        if (measured.isEmpty()) {
            throw new IllegalStateException("no characteristic.<name>.tag in any io.lineledger.line-*.cfg of " + etc);
        }
        return measured;
    }
}
