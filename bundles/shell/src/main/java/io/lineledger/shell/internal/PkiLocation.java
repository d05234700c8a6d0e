package io.lineledger.shell.internal;

import java.nio.file.Path;

/**
 * Where a line's OPC UA client keeps its PKI directory, derived as the OPC UA bundle derives it (its source status
 * does not carry the path): {@code <karaf.data>/<pkiDirectory>/pki-<lineId>} when {@code pkiDirectory} is set in
 * {@code io.lineledger.opcua}, else {@code pki-<lineId>} in that bundle's own data area.
 */
public final class PkiLocation {

    private PkiLocation() {
    }

    /**
     * @param pkiDirectory     the {@code pkiDirectory} setting of {@code io.lineledger.opcua}; null or blank: not set
     * @param karafData        Karaf's data directory
     * @param opcuaBundleData  the OPC UA bundle's data area; null when it is not known (bundle not installed)
     * @throws IllegalStateException when the directory cannot be known, saying why
     */
    public static Path of(String lineId, String pkiDirectory, Path karafData, Path opcuaBundleData) {
        if (lineId == null || lineId.isBlank() || lineId.contains("/") || lineId.contains("\\") || lineId.contains("..")) {
            throw new IllegalArgumentException("lineId must be a line's id, got '" + lineId + "'");
        }
        String dir = pkiDirectory == null ? "" : pkiDirectory.trim();
        if (!dir.isEmpty()) {
            return karafData.resolve(dir).resolve("pki-" + lineId);
        }
        if (opcuaBundleData == null) {
            throw new IllegalStateException("the OPC UA bundle (io.lineledger.opcua) is not installed and "
                    + "io.lineledger.opcua sets no pkiDirectory: no PKI directory to look at");
        }
        return opcuaBundleData.resolve("pki-" + lineId);
    }
}
