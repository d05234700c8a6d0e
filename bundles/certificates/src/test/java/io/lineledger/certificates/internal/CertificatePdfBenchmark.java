package io.lineledger.certificates.internal;

import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.CertificateView;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.certificates.Characteristics;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints what a certificate of a batch of 2,500 parts with two characteristics costs (CPU time of this thread, so other
 * load on the machine does not count): building it from the store (H2 in memory), the PDF, the page. Not a test:
 * run its main with the test class path.
 */
public final class CertificatePdfBenchmark {

    public static void main(String[] args) {
        RecordStore store = H2RecordStores.newStore();
        Characteristics.start(store, "BIG", "Olive oil 500 ml", null);
        List<RecordDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            boolean weight = i % 2 == 0;
            drafts.add(new RecordDraft(Characteristics.LINE, "quality", "BIG", Map.of(
                    "characteristic", weight ? "fillWeight" : "capTorque",
                    "value", weight ? 500 + Math.sin(i) * 3 : 1.6 + Math.cos(i) * 0.2,
                    "lsl", weight ? 495.0 : 1.2, "usl", weight ? 505.0 : 2.0, "verdict", "PASS",
                    "unit", weight ? "g" : "Nm")));
        }
        store.appendAll(drafts);
        Characteristics.complete(store, "BIG", 2_500, 2_500, 0, 2_500L, "PASS", List.of(), null);
        // anchored in windows of 50 (the shipped maxRecords) on the test chain: the certificate is compared with it
        long last = store.lastSeq(Characteristics.LINE);
        for (long first = 1; first <= last; first += 50) {
            Anchors.anchor(store, Characteristics.LINE, first, Math.min(last, first + 49));
        }
        BatchChainCheck check = ChainChecks.of(store);
        for (int round = 1; round <= 3; round++) {
            BatchCertificate unchecked = new CertificateView(store).of("BIG").orElseThrow();
            long t0 = System.nanoTime();
            ChainEvidence evidence = check.compare(unchecked, Optional.empty(), Anchors.CHAIN, ChainChecks.PIN);
            System.out.printf("round %d: comparison with the chain (%d windows, uncached) %4d ms: %s%n", round,
                    unchecked.anchors().size(), (System.nanoTime() - t0) / 1_000_000, evidence.state());
        }
        CertificateView view = new CertificateView(store, line -> Optional.empty(), check::evidenceOf);
        CertificatePdf pdf = new CertificatePdf("Plant");
        CertificatePage page = new CertificatePage("Plant", "/lineledger");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 10; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            BatchCertificate c = view.of("BIG").orElseThrow();
            long t1 = cpu.getCurrentThreadCpuTime();
            byte[] bytes = pdf.render(c, "http://plant:8181/lineledger/batches/BIG");
            long t2 = cpu.getCurrentThreadCpuTime();
            String html = page.render(c);
            long t3 = cpu.getCurrentThreadCpuTime();
            System.out.printf("round %2d: certificate from the store (comparison cached after round 1) %4d ms, PDF %4d ms (%d bytes), page %4d ms (%d chars)%n",
                    round, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, bytes.length, (t3 - t2) / 1_000_000,
                    html.length());
        }
    }
}
