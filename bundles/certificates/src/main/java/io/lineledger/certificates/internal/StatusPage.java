package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.RulesStatus;
import io.lineledger.routes.SpoolStatus;
import io.lineledger.store.LineFence;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The run-time status page: alarms first, then the chain node, then each line as its OPC UA source, its rules and
 * its anchoring see it. A part that is not installed says so. The body carries {@code data-alarms} and
 * {@code data-warnings} (counts) for scripts; each line's section {@code data-line} and {@code data-anchoring-state}.
 */
final class StatusPage {

    private final String title;
    private final String basePath;

    StatusPage(String title, String basePath) {
        this.title = title;
        this.basePath = basePath;
    }

    /** @param storeLastSeqs the store's last sequence of each line that holds records, read from the store now */
    String render(RunStatus s, SortedMap<String, Long> storeLastSeqs) {
        return render(s, storeLastSeqs, null);
    }

    /** @param signIn how sign-in stands; null to leave it out */
    String render(RunStatus s, SortedMap<String, Long> storeLastSeqs, SignInFigures signIn) {
        List<String> storeLines = List.copyOf(storeLastSeqs.keySet());
        List<RunStatus.Alarm> alarms = s.alarms(storeLines);
        long alarmCount = alarms.stream().filter(a -> a.level() == RunStatus.Level.ALARM).count();
        StringBuilder h = new StringBuilder(16_384);
        Pages.head(h, "Status \u2014 " + title);
        h.append("<body data-alarms=\"").append(alarmCount).append("\" data-warnings=\"")
                .append(alarms.size() - alarmCount).append("\">\n<header><p class=\"site\">").append(escape(title))
                .append("</p><h1>Status</h1><nav><a href=\"").append(escape(basePath)).append("/batches\">Batches</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/api/status\">JSON</a></nav></header>\n")
                .append("<p class=\"muted\">Taken ").append(escape(Html.time(s.takenAt()))).append(".</p>\n");

        h.append("<section>\n<h2>Alarms</h2>\n");
        if (alarms.isEmpty()) {
            h.append("<p class=\"state-ok\">No alarms.</p>\n");
        } else {
            h.append("<ul class=\"alarms\">\n");
            for (RunStatus.Alarm a : alarms) {
                h.append("<li class=\"").append(a.level().name().toLowerCase(Locale.ROOT)).append("\">")
                        .append("<strong>").append(a.level()).append("</strong> ")
                        .append(a.lineId() == null ? "" : "line " + escape(a.lineId()) + ": ")
                        .append(escape(a.text())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");

        node(h, s);
        for (String lineId : s.lineIds(storeLines)) {
            line(h, s, lineId, storeLastSeqs.getOrDefault(lineId, 0L));
        }
        if (signIn != null) {
            h.append("<section data-refused-passwords=\"").append(signIn.refusedPasswords()).append("\">\n")
                    .append("<h2>Sign-in</h2>\n<dl><dt>Wrong passwords since start</dt><dd>")
                    .append(signIn.refusedPasswords()).append(" (sign-in form, HTTP Basic and signatures; each is in")
                    .append(" the Karaf log with user name and address)</dd><dt>Refused while locked</dt><dd>")
                    .append(signIn.refusedWhileLocked()).append("</dd><dt>User names locked now</dt><dd>")
                    .append(signIn.lockedNames()).append("</dd><dt>Browser sessions</dt><dd>")
                    .append(signIn.sessions()).append("</dd></dl>\n</section>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void node(StringBuilder h, RunStatus s) {
        h.append("<section>\n<h2>Chain node</h2>\n");
        if (s.anchoring() == null) {
            h.append("<p class=\"not-installed warning\">Anchoring not installed.</p>\n</section>\n");
            return;
        }
        NodeStatus n = s.anchoring().node();
        h.append("<dl class=\"node\">");
        dd(h, "Reachable", state(n.reachable(), n.reachable() ? "yes" : "no"));
        dd(h, "Chain id", escape(n.chainId()) + (n.anchoringChainId() != 0 && n.chainId() != n.anchoringChainId()
                ? " <span class=\"state-alarm\">anchoring on " + n.anchoringChainId() + "</span>" : ""));
        dd(h, "Head block", escape(n.headBlock()));
        dd(h, "Last error", n.lastError() == null ? "<span class=\"muted\">none</span>"
                : "<span class=\"state-alarm\">" + escape(n.lastError()) + "</span>");
        dd(h, "Checked", escape(Html.time(n.checkedAt())));
        h.append("</dl>\n</section>\n");
    }

    private static void line(StringBuilder h, RunStatus s, String lineId, long storeLastSeq) {
        Optional<LineStatus> anchoring = s.anchoringLine(lineId);
        Optional<LineFence> fence = s.fenceOf(lineId);
        String anchoringState = fence.isPresent() ? "ALARM" : s.anchoring() == null ? "NOT_INSTALLED"
                : anchoring.map(l -> l.state().name()).orElse("UNKNOWN");
        h.append("<section class=\"line\" data-line=\"").append(escape(lineId)).append("\" data-anchoring-state=\"")
                .append(anchoringState).append("\">\n<h2>Line <span class=\"id\">").append(escape(lineId))
                .append("</span></h2>\n");
        // read from the store for this page, not the anchoring service's last pass (minutes behind under load)
        h.append("<p class=\"store\" data-store-last-seq=\"").append(storeLastSeq)
                .append("\">Last seq in the store: ").append(storeLastSeq).append("</p>\n");
        if (fence.isPresent()) {
            LineFence f = fence.get();
            h.append("<p class=\"alarm fence\"><strong>Fenced</strong> since ").append(escape(Html.time(f.raisedAt())))
                    .append(": the chain expects sequence ").append(f.chainNextSeq()).append(" next, the store holds up to ")
                    .append(f.storeLastSeq()).append(". ").append(escape(f.reason())).append("</p>\n");
        }
        source(h, s, lineId);
        rules(h, s, lineId);
        anchoring(h, s, anchoring);
        h.append("</section>\n");
    }

    private static void source(StringBuilder h, RunStatus s, String lineId) {
        h.append("<h3>OPC UA source</h3>\n");
        if (s.sources() == null) {
            h.append("<p class=\"not-installed muted\">not installed</p>\n");
            return;
        }
        List<SourceStatus> sources = s.sourcesOf(lineId);
        if (sources.isEmpty()) {
            h.append("<p class=\"muted\">no OPC UA source reads this line</p>\n");
            return;
        }
        for (SourceStatus src : sources) {
            h.append("<dl class=\"source\">");
            dd(h, "Endpoint", "<span class=\"hex\">" + escape(src.endpointUrl()) + "</span>");
            dd(h, "Connected", state(src.connected(), src.connected() ? "yes" : "no"));
            dd(h, "Subscribed", src.subscribed() ? "<span class=\"state-ok\">yes</span>"
                    : "<span class=\"state-warning\">no</span>");
            dd(h, "Subscriptions created", escape(src.subscriptionsCreated()));
            dd(h, "Last publish", escape(Html.time(src.lastObservedAt())));
            dd(h, "Last value", escape(Html.time(src.lastValueAt())));
            dd(h, "Values received", escape(src.valuesReceived()));
            dd(h, "Gaps reported", escape(src.gapsReported()));
            dd(h, "Queue overflows", escape(src.overflows()));
            dd(h, "Last error", src.lastError() == null ? "<span class=\"muted\">none</span>" : escape(src.lastError()));
            h.append("</dl>\n");
        }
    }

    private static void rules(StringBuilder h, RunStatus s, String lineId) {
        h.append("<h3>Rules</h3>\n");
        if (s.rules() == null) {
            h.append("<p class=\"not-installed muted\">not installed</p>\n");
            return;
        }
        Optional<RulesStatus> found = s.rulesOf(lineId);
        if (found.isEmpty()) {
            h.append("<p class=\"muted\">no rules run for this line</p>\n");
            return;
        }
        RulesStatus r = found.get();
        SpoolStatus spool = r.spool();
        h.append("<dl class=\"rules\" data-dead-letters=\"").append(r.deadLetters().total())
                .append("\" data-spool-pending=\"").append(spool.pending()).append("\">");
        dd(h, "Started", r.started() ? "<span class=\"state-ok\">yes</span>"
                : "<span class=\"state-alarm\">no</span>: " + escape(r.problem()));
        dd(h, "Running batch", r.runningBatch() == null ? "<span class=\"muted\">none</span>"
                : "<span class=\"id\">" + escape(r.runningBatch()) + "</span>");
        StringBuilder byCause = new StringBuilder();
        for (Map.Entry<DeadLetterCause, Long> e : r.deadLetters().byCause().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            byCause.append(byCause.isEmpty() ? " (" : ", ").append(e.getValue()).append(' ')
                    .append(escape(e.getKey().label()));
        }
        dd(h, "Dead letters", r.deadLetters().total() + (byCause.isEmpty() ? "" : byCause + ")"));
        dd(h, "Held drafts", spool.pending() + " pending (held " + spool.held() + ", drained " + spool.drained()
                + " since start)" + (spool.lastStoreError() == null ? ""
                : "; store: <span class=\"state-warning\">" + escape(spool.lastStoreError()) + "</span>"));
        h.append("</dl>\n");
        List<DeadLetter> recent = r.deadLetters().recent();
        if (!recent.isEmpty()) {
            h.append("<table class=\"dead-letters\">\n<thead><tr><th>When</th><th>Cause</th><th>Reason</th>")
                    .append("<th>Route</th></tr></thead>\n<tbody>\n");
            for (int i = recent.size() - 1; i >= 0; i--) { // newest first
                DeadLetter d = recent.get(i);
                h.append("<tr><td>").append(escape(Html.time(d.at()))).append("</td><td>")
                        .append(escape(d.cause() == null ? "" : d.cause().label())).append("</td><td>")
                        .append(escape(d.reason())).append("</td><td>").append(escape(d.routeId()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
    }

    private static void anchoring(StringBuilder h, RunStatus s, Optional<LineStatus> found) {
        h.append("<h3>Anchoring</h3>\n");
        if (s.anchoring() == null) {
            h.append("<p class=\"not-installed muted\">not installed</p>\n");
            return;
        }
        if (found.isEmpty()) {
            h.append("<p class=\"muted\">not reported by the anchoring service yet</p>\n");
            return;
        }
        LineStatus l = found.get();
        String css = switch (l.state()) {
            case OK -> "state-ok";
            case RETRYING -> "state-warning";
            case ALARM -> "state-alarm";
        };
        h.append("<dl class=\"anchoring\">");
        dd(h, "State", "<span class=\"" + css + "\">" + l.state() + "</span>"
                + (l.reason() == null ? "" : ": " + escape(l.reason())));
        dd(h, "Last seq at the last pass", escape(l.storeLastSeq()));
        dd(h, "Last anchored seq", escape(l.lastAnchoredSeq()));
        dd(h, "Next seq on chain", l.chainNextSeq() == 0 ? "<span class=\"muted\">not read yet</span>"
                : escape(l.chainNextSeq()));
        dd(h, "Open anchor jobs", escape(l.openJobs()));
        dd(h, "Since", escape(Html.time(l.since())));
        if (l.nextAttempt() != null) {
            dd(h, "Next attempt", escape(Html.time(l.nextAttempt())));
        }
        h.append("</dl>\n");
    }

    private static String state(boolean ok, String text) {
        return "<span class=\"" + (ok ? "state-ok" : "state-alarm") + "\">" + escape(text) + "</span>";
    }

    private static void dd(StringBuilder h, String term, String html) {
        h.append("<dt>").append(escape(term)).append("</dt><dd>").append(html).append("</dd>");
    }
}
