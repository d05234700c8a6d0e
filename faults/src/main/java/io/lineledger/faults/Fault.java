package io.lineledger.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** One fault of the schedule and, once injected, what happened. */
final class Fault {

    enum Kind {
        KARAF_KILL("kill -9 Karaf"),
        KARAF_KILL_AFTER_ANCHOR_SEND("kill -9 Karaf after an anchor tx"),
        ANVIL_OUTAGE("chain node down"),
        PLC_SIM_RESTART("plc-sim restart"),
        POSTGRES_RESTART("PostgreSQL restart");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final int number;
    final Kind kind;
    /** pause before the fault, after the previous one recovered */
    final Duration pauseBefore;
    Instant injectedAt;
    /** when the faulty part was back: Karaf's API answering, the node answering, plc-sim listening, PostgreSQL ready */
    Instant backAt;
    Instant nextRecordAt;
    Instant nextAnchorAt;
    String note = "";
    /** parts the status page still did not report a minute after Karaf was back (empty: all of them) */
    List<String> partsMissingAfterRestart = List.of();

    Fault(int number, Kind kind, Duration pauseBefore) {
        this.number = number;
        this.kind = kind;
        this.pauseBefore = pauseBefore;
    }

    /**
     * The seeded schedule: {@code kills} kills of Karaf (one of them right after an anchor transaction is sent),
     * one chain node outage, one plc-sim restart and, with PostgreSQL, one database restart, in a random order with
     * random pauses between {@code minPause} and {@code maxPause}.
     */
    static List<Fault> schedule(long seed, int kills, boolean postgres, Duration minPause, Duration maxPause) {
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            kinds.add(i == 0 ? Kind.KARAF_KILL_AFTER_ANCHOR_SEND : Kind.KARAF_KILL);
        }
        kinds.add(Kind.ANVIL_OUTAGE);
        kinds.add(Kind.PLC_SIM_RESTART);
        if (postgres) {
            kinds.add(Kind.POSTGRES_RESTART);
        }
        Collections.shuffle(kinds, random);
        List<Fault> faults = new ArrayList<>();
        long spread = Math.max(0, maxPause.toMillis() - minPause.toMillis());
        for (Kind kind : kinds) {
            long pause = minPause.toMillis() + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
            faults.add(new Fault(faults.size() + 1, kind, Duration.ofMillis(pause)));
        }
        return faults;
    }

    /** The window in which served values are attributed to this fault. */
    boolean covers(Instant time, Duration slack) {
        if (injectedAt == null) {
            return false;
        }
        Instant end = nextRecordAt != null ? nextRecordAt : backAt != null ? backAt.plus(slack) : injectedAt.plus(slack);
        return !time.isBefore(injectedAt) && !time.isAfter(end);
    }
}
