package io.lineledger.plcsim.model;

import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/** A shift that starts at a time of day (UTC) and lasts until the next shift starts. */
public record Shift(String name, LocalTime start) {

    public Shift {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("shift needs a name: " + name);
        }
        Objects.requireNonNull(start, "start");
    }

    /** The shift running at {@code time}: the one that started last before it, wrapping around midnight. */
    public static String current(List<Shift> shifts, LocalTime time) {
        Shift best = null;
        Shift latest = null;
        for (Shift shift : shifts) {
            if (!shift.start.isAfter(time) && (best == null || shift.start.isAfter(best.start))) {
                best = shift;
            }
            if (latest == null || shift.start.isAfter(latest.start)) {
                latest = shift;
            }
        }
        Shift current = best != null ? best : latest;
        return current == null ? "" : current.name;
    }
}
