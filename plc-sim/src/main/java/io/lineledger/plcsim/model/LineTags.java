package io.lineledger.plcsim.model;

import java.util.List;

/** The tag names of one simulated line, e.g. {@code Line1.BatchId}; also the OPC UA string node ids. */
public record LineTags(String line) {

    public static final String FILLER = "Filler";
    public static final String CAPPER = "Capper";
    public static final String CHECKWEIGHER = "Checkweigher";
    /** Stations in the order a part passes them. */
    public static final List<String> STATIONS = List.of(FILLER, CAPPER, CHECKWEIGHER);

    public LineTags {
        if (line == null || !line.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("line name must be a letter followed by letters, digits or _: " + line);
        }
    }

    public String batchId() {
        return line + ".BatchId";
    }

    public String product() {
        return line + ".Product";
    }

    public String batchState() {
        return line + ".BatchState";
    }

    public String partCount() {
        return line + ".PartCount";
    }

    public String state(String station) {
        return line + "." + station + ".State";
    }

    public String goodCount(String station) {
        return line + "." + station + ".GoodCount";
    }

    public String rejectCount(String station) {
        return line + "." + station + ".RejectCount";
    }

    public String fillWeight() {
        return line + "." + CHECKWEIGHER + ".FillWeight";
    }
}
