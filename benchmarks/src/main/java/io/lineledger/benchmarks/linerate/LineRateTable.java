package io.lineledger.benchmarks.linerate;

import io.lineledger.benchmarks.linerate.LineRateAnalysis.StepFigures;
import java.time.Duration;
import java.util.List;

/** The benchmark's table: one row per step, LineLedger's rows with their ratio to the naive route. */
final class LineRateTable {

    private LineRateTable() {
    }

    static String render(String header, List<StepFigures> figures, Duration wallTime) {
        StepFigures naive = figures.stream().filter(f -> f.step.naive()).findFirst().orElse(null);
        double naiveAnchored = naive == null ? 0 : naive.perSecond(naive.recordsAnchored);
        StringBuilder out = new StringBuilder("\n").append(header);
        out.append(String.format("wall time %d s%n%n", wallTime.toSeconds()));
        out.append(String.format("%-11s %9s %9s %9s %10s %6s %10s %7s %7s %6s %7s %8s %8s%n", "route", "offered/s",
                "served/s", "stored/s", "anchored/s", "tx/s", "gas/record", "p50 s", "p99 s", "CPU %", "RSS MiB",
                "lost", "(a)/(b)"));
        for (StepFigures f : figures) {
            boolean lineLedger = !f.step.naive();
            out.append(String.format("%-11s %9s %9s %9s %10s %6s %10s %7s %7s %6s %7s %8s %8s%n",
                    f.step.naive() ? "(b) naive" : f.step.label().equals("warm-up") ? "warm-up" : "(a) LL",
                    count(f.step.offeredPerSecond()), count(f.perSecond(f.served)),
                    lineLedger ? count(f.perSecond(f.recordsStored)) : "-", count(f.perSecond(f.recordsAnchored)),
                    String.format("%.1f", f.perSecond(f.transactions)),
                    f.gasPerRecord() < 0 ? "-" : count(f.gasPerRecord()),
                    percentile(f, 50), percentile(f, 99),
                    f.step.cpuPercent() < 0 ? "-" : String.format("%.0f", f.step.cpuPercent()),
                    f.step.rssMaxBytes() < 0 ? "-" : String.valueOf(f.step.rssMaxBytes() >> 20),
                    String.format("%,d", f.lost),
                    lineLedger && naiveAnchored > 0
                            ? String.format("%.1fx", f.perSecond(f.recordsAnchored) / naiveAnchored) : "-"));
        }
        out.append('\n');
        for (StepFigures f : figures) {
            String name = f.step.naive() ? "(b) naive" : f.step.label() + String.format(" %,.0f/s", f.step.offeredPerSecond());
            out.append(String.format("%s: %.1f s offered; served %,d measured values, %s %,d (%,d after the step had"
                    + " drained), %,d inside gap records, %,d lost, %,d duplicated; %,d never anchored; %s%n", name,
                    f.step.seconds(), f.served, f.step.naive() ? "anchored" : "stored", f.stored, f.storedLate,
                    f.inGap, f.lost, f.duplicated, f.unanchored,
                    f.step.drainedInTime() ? "caught up " + String.format("%.1f s", LineRateBenchmark.seconds(
                            f.step.end(), f.step.drained())) + " after the step"
                            : "still behind when the wait ended"));
            if (f.storedLatencyMs.getTotalCount() > 0) {
                out.append(String.format("    source time to stored (the record's recorded_at): p50 %.2f s, p99 %.2f s;"
                        + " the rest of p50/p99 is anchoring%n", f.storedLatencyMs.getValueAtPercentile(50) / 1000.0,
                        f.storedLatencyMs.getValueAtPercentile(99) / 1000.0));
            }
            if (!f.step.notes().isEmpty()) {
                out.append("    ").append(f.step.notes()).append('\n');
            }
        }
        out.append("""

                offered/s  measured values a second plc-sim was asked for (all lines); served/s what it served
                stored/s   records of every type the store took during the step; anchored/s records the Anchored logs
                           seen during the step cover; tx/s and gas/record: the blocks seen during the step
                p50/p99    a value's source time at the PLC to the moment its Anchored log was seen (polled every 0.1 s)
                CPU, RSS   the Karaf JVM: CPU during the step in % of one core, largest resident set until drained
                lost       served values neither stored (anchored, for the naive route) nor inside a gap record
                (a)/(b)    LineLedger's anchored/s over the naive route's
                """);
        return out.toString();
    }

    private static String count(double value) {
        return String.format("%,.0f", value);
    }

    private static String percentile(StepFigures f, double percentile) {
        return f.latencyMs.getTotalCount() == 0 ? "-"
                : String.format("%.2f", f.latencyMs.getValueAtPercentile(percentile) / 1000.0);
    }
}
