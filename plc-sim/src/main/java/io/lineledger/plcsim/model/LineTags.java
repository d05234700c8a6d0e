package io.lineledger.plcsim.model;

import java.util.List;

/**
 * The tag names of one simulated line, e.g. {@code Line1.BatchId}; also the OPC UA string node ids. Line tags
 * are {@code <line>.<name>}, station tags {@code <line>.<station>.<name>}.
 */
public record LineTags(String line) {

    public static final String FILLER = StationKind.FILLER.stationName();
    public static final String CAPPER = StationKind.CAPPER.stationName();
    public static final String LABELER = StationKind.LABELER.stationName();
    public static final String CHECKWEIGHER = StationKind.CHECKWEIGHER.stationName();
    /** The stations of the skeleton's line, in the order a part passes them. */
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

    /** Parts the current batch is to make. */
    public String quantity() {
        return line + ".Quantity";
    }

    public String shift() {
        return line + ".Shift";
    }

    /** PackML state name, e.g. {@code Execute}. */
    public String state(String station) {
        return station(station, "State");
    }

    /** PackML state number (Int32). */
    public String stateCurrent(String station) {
        return station(station, "StateCurrent");
    }

    /** PackML unit mode number (Int32). */
    public String unitModeCurrent(String station) {
        return station(station, "UnitModeCurrent");
    }

    /** Parts per minute. */
    public String speed(String station) {
        return station(station, "Speed");
    }

    public String goodCount(String station) {
        return station(station, "GoodCount");
    }

    public String rejectCount(String station) {
        return station(station, "RejectCount");
    }

    public String measurement(String station, Characteristic characteristic) {
        return station(station, characteristic.tagName());
    }

    public String alarmCode(String station) {
        return station(station, "AlarmCode");
    }

    public String alarmText(String station) {
        return station(station, "AlarmText");
    }

    public String alarmActive(String station) {
        return station(station, "AlarmActive");
    }

    public String alarmAcknowledged(String station) {
        return station(station, "AlarmAcknowledged");
    }

    public String fillWeight() {
        return measurement(CHECKWEIGHER, Characteristic.FILL_WEIGHT);
    }

    /** The prefix of every tag of the line ({@code station} null) or of one station, ending with a dot. */
    public String scope(String station) {
        return station == null ? line + "." : line + "." + station + ".";
    }

    private String station(String station, String name) {
        return line + "." + station + "." + name;
    }
}
