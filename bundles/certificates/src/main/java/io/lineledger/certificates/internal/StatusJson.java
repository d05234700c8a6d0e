package io.lineledger.certificates.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * The run-time status as JSON: {@code alarms} first, {@code node}, then {@code lines}. A part that is not installed
 * is {@code "installed": false} (node) or {@code null} (the line's {@code source}, {@code rules}, {@code anchoring}).
 * A line's {@code storeLastSeq} is the store's, read for this answer; {@code anchoring.storeLastSeqAtLastPass} is the
 * same figure as the anchoring service's last pass over the line read it.
 */
final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @param storeLastSeqs the store's last sequence of each line that holds records, read from the store now */
    String render(RunStatus s, SortedMap<String, Long> storeLastSeqs) {
        return render(s, storeLastSeqs, null);
    }

    /** @param signIn how sign-in stands ({@code signIn} in the JSON); null to leave it out */
    String render(RunStatus s, SortedMap<String, Long> storeLastSeqs, SignInFigures signIn) {
        List<String> storeLines = List.copyOf(storeLastSeqs.keySet());
        ObjectNode root = MAPPER.createObjectNode();
        if (signIn != null) {
            ObjectNode n = root.putObject("signIn");
            n.put("refusedPasswords", signIn.refusedPasswords());
            n.put("refusedWhileLocked", signIn.refusedWhileLocked());
            n.put("lockedNames", signIn.lockedNames());
            n.put("sessions", signIn.sessions());
        }
        root.put("takenAt", iso(s.takenAt()));
        ArrayNode alarms = root.putArray("alarms");
        for (RunStatus.Alarm a : s.alarms(storeLines)) {
            ObjectNode n = alarms.addObject();
            n.put("level", a.level().name());
            n.put("lineId", a.lineId());
            n.put("text", a.text());
        }
        ObjectNode installed = root.putObject("installed");
        installed.put(RunStatus.SOURCES, s.sources() != null);
        installed.put(RunStatus.RULES, s.rules() != null);
        installed.put(RunStatus.ANCHORING, s.anchoring() != null);
        ArrayNode unavailable = root.putArray("unavailable");
        s.unavailable().forEach(unavailable::add);
        if (s.anchoring() == null) {
            root.putNull("node");
        } else {
            NodeStatus node = s.anchoring().node();
            ObjectNode n = root.putObject("node");
            n.put("reachable", node.reachable());
            n.put("chainId", node.chainId());
            n.put("anchoringChainId", node.anchoringChainId());
            n.put("headBlock", node.headBlock());
            n.put("lastError", node.lastError());
            n.put("checkedAt", iso(node.checkedAt()));
        }
        ArrayNode lines = root.putArray("lines");
        for (String lineId : s.lineIds(storeLines)) {
            ObjectNode line = lines.addObject();
            line.put("lineId", lineId);
            // the store's own figure, read for this answer (0: no record of the line yet)
            line.put("storeLastSeq", storeLastSeqs.getOrDefault(lineId, 0L));
            sources(line, s, lineId);
            rules(line, s, lineId);
            anchoring(line, s, lineId);
            LineFence fence = s.fenceOf(lineId).orElse(null);
            if (fence == null) {
                line.putNull("fence");
            } else {
                ObjectNode f = line.putObject("fence");
                f.put("chainNextSeq", fence.chainNextSeq());
                f.put("storeLastSeq", fence.storeLastSeq());
                f.put("reason", fence.reason());
                f.put("raisedAt", iso(fence.raisedAt()));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sources(ObjectNode line, RunStatus s, String lineId) {
        if (s.sources() == null) {
            line.putNull("sources");
            return;
        }
        ArrayNode list = line.putArray("sources");
        for (SourceStatus src : s.sourcesOf(lineId)) {
            ObjectNode n = list.addObject();
            n.put("endpointUrl", src.endpointUrl());
            n.put("connected", src.connected());
            n.put("subscribed", src.subscribed());
            n.put("subscriptionsCreated", src.subscriptionsCreated());
            n.put("lastObservedAt", iso(src.lastObservedAt()));
            n.put("lastValueAt", iso(src.lastValueAt()));
            n.put("valuesReceived", src.valuesReceived());
            n.put("gapsReported", src.gapsReported());
            n.put("overflows", src.overflows());
            ObjectNode ingest = n.putObject("ingest");
            ingest.put("queued", src.ingest().queued());
            ingest.put("capacity", src.ingest().capacity());
            ingest.put("highWater", src.ingest().highWater());
            ingest.put("dropped", src.ingest().dropped());
            n.put("lastError", src.lastError());
        }
    }

    private static void rules(ObjectNode line, RunStatus s, String lineId) {
        RulesStatus r = s.rules() == null ? null : s.rulesOf(lineId).orElse(null);
        if (r == null) {
            line.putNull("rules");
            return;
        }
        ObjectNode n = line.putObject("rules");
        n.put("started", r.started());
        n.put("problem", r.problem());
        n.put("runningBatch", r.runningBatch());
        ObjectNode dead = n.putObject("deadLetters");
        dead.put("total", r.deadLetters().total());
        ObjectNode byCause = dead.putObject("byCause");
        r.deadLetters().byCause().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> byCause.put(e.getKey().name(), e.getValue()));
        ArrayNode recent = dead.putArray("recent");
        for (DeadLetter d : r.deadLetters().recent()) {
            ObjectNode dn = recent.addObject();
            dn.put("at", iso(d.at()));
            dn.put("cause", d.cause() == null ? null : d.cause().name());
            dn.put("reason", d.reason());
            dn.put("routeId", d.routeId());
        }
        ObjectNode spool = n.putObject("spool");
        spool.put("held", r.spool().held());
        spool.put("drained", r.spool().drained());
        spool.put("pending", r.spool().pending());
        spool.put("lastStoreError", r.spool().lastStoreError());
    }

    private static void anchoring(ObjectNode line, RunStatus s, String lineId) {
        LineStatus l = s.anchoringLine(lineId).orElse(null);
        if (l == null) {
            line.putNull("anchoring");
            return;
        }
        ObjectNode n = line.putObject("anchoring");
        n.put("state", l.state().name());
        n.put("reason", l.reason());
        // what the anchoring service's last pass over the line read: behind the store while passes take long
        n.put("storeLastSeqAtLastPass", l.storeLastSeq());
        n.put("lastAnchoredSeq", l.lastAnchoredSeq());
        n.put("chainNextSeq", l.chainNextSeq());
        n.put("openJobs", l.openJobs());
        n.put("since", iso(l.since()));
        n.put("nextAttempt", iso(l.nextAttempt()));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
