package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.AnchoredChain;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.CertificateView;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.certificates.ChainEvidence.State;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 5: a certificate says anchored or sealed only when the batch's records as stored give the roots the
 * chain holds. Someone with database access who rewrites records (and their digests and links, as
 * {@link H2RecordStores#rewriteFrom} does) gets a page in red naming what breaks, never a clean certificate.
 */
class BatchChainCheckTest {

    private static final String LINE = "line-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource database = H2RecordStores.newDatabase();
    private final RecordStore store = new JdbcRecordStore(database);
    private final AnchoredChain chain = new AnchoredChain(Anchors.CHAIN_ID, Anchors.CONTRACT);
    private final TestSite.TickingClock clock = new TestSite.TickingClock();
    private final BatchChainCheck check = ChainChecks.of(store, chain, clock);

    @AfterEach
    void stop() {
        check.close();
    }

    private BatchCertificate certificate(String batchId) {
        return new CertificateView(store, line -> Optional.empty(), check::evidenceOf).of(batchId).orElseThrow();
    }

    private Anchor anchorAllOnTheChain() {
        Anchor anchor = Anchors.anchorAll(store, LINE);
        chain.add(anchor);
        return anchor;
    }

    @Test
    void anUntouchedAnchoredBatchMatchesTheChainAndIsAnchored() {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.MATCHES, c.chain().state(), c.chain().detail());
        assertEquals("anchored", c.sealText());
        assertTrue(c.anchoredOnChain());
        assertTrue(c.chain().detail().contains("1 anchor window rebuilt from the stored records matches the registry"),
                c.chain().detail());
        assertEquals("the test registry", c.chain().pin());
    }

    @Test
    void recordsRewrittenAfterAnchoringDoNotMatchTheChainAndTheWindowIsNamed() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor anchor = anchorAllOnTheChain();
        // review finding 5: a FAIL turned into something else, digests and links recomputed: the store agrees
        H2RecordStores.rewriteFrom(database, LINE, 2, new RecordDraft(LINE, "quality", "LOT-1", Map.of()));

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.MISMATCH, c.chain().state());
        assertEquals(BatchCertificate.SEAL_MISMATCH, c.sealText());
        assertFalse(c.anchoredOnChain());
        assertTrue(c.fullyAnchored(), "the store still names an anchor for every record");
        assertTrue(c.chain().detail().contains("records line-1 #1\u2013#5 as stored no longer give the root "
                + anchor.root()), c.chain().detail());
        assertEquals("line-1 #1", c.chain().recordText(), "the first record of the batch in the broken window");
        assertEquals("batch LOT-1 does not match the chain: " + c.chain().detail()
                + "; it cannot be released, only rejected",
                ReleaseRecords.refusal(c, ReleaseRecords.Decision.RELEASE).orElseThrow());
        assertTrue(ReleaseRecords.refusal(c, ReleaseRecords.Decision.REJECT).isEmpty());
    }

    @Test
    void aStoredAnchorWhoseRootTheRegistryNeverHeldDoesNotMatch() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE); // in the store, but never on this chain

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.MISMATCH, c.chain().state());
        assertTrue(c.chain().detail().startsWith("the registry " + Anchors.CONTRACT + " holds no anchor of root"),
                c.chain().detail());
        assertFalse(c.anchoredOnChain());
    }

    @Test
    void recordsAnchoredByAnotherAccountThanTheLinesWriterDoNotMatch() {
        Batches.complete3(store, "LOT-1", 500.0);
        chain.add(Anchors.anchorAll(store, LINE), "0x" + "66".repeat(20));

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.MISMATCH, c.chain().state());
        assertTrue(c.chain().detail().contains("were anchored by 0x" + "66".repeat(20) + ": not the line's writer"),
                c.chain().detail());
    }

    @Test
    void anUnreachableNodeLeavesTheBatchNotCheckedNeverAnchoredAndItIsAskedAgainSoon() {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();
        chain.down(true);

        BatchCertificate down = certificate("LOT-1");

        assertEquals(State.NOT_CHECKED, down.chain().state());
        assertTrue(down.chain().detail().contains("did not answer: connection refused"), down.chain().detail());
        assertEquals("not checked", down.sealText());
        assertFalse(down.anchoredOnChain());

        chain.down(false);
        assertEquals(State.NOT_CHECKED, certificate("LOT-1").chain().state(), "within 15 s the result stands");
        clock.advance(Duration.ofSeconds(16));
        assertEquals(State.MATCHES, certificate("LOT-1").chain().state());
    }

    @Test
    void anUnchangedBatchIsAnsweredFromTheCacheUntilItsRecheckAndAnyNewRecordIsCheckedAtOnce() {
        Batches.start(store, "LOT-1", "Olive oil 500 ml");
        Batches.quality(store, "LOT-1", 500.1);
        anchorAllOnTheChain();
        assertEquals(State.MATCHES, certificate("LOT-1").chain().state());
        int reads = chain.anchorReads();

        certificate("LOT-1");
        assertEquals(reads, chain.anchorReads(), "nothing changed: the cached result stands");

        clock.advance(Duration.ofMinutes(11));
        certificate("LOT-1");
        assertEquals(reads + 1, chain.anchorReads(), "after the recheck time the chain is asked again");

        Batches.quality(store, "LOT-1", 500.2);
        BatchCertificate running = certificate("LOT-1");
        assertEquals(reads + 1, chain.anchorReads(), "a record not anchored yet changes no anchored window...");
        assertEquals(State.MATCHES, running.chain().state());
        anchorAllOnTheChain();
        assertEquals(State.MATCHES, certificate("LOT-1").chain().state());
        assertEquals(reads + 3, chain.anchorReads(), "...but a new anchor is checked at once, with the old one");
        assertEquals("unknown", certificate("LOT-1").sealText(),
                "a running batch is never sealed or anchored (no anchoring service answers in this view)");
    }

    @Test
    void aBatchWithNothingAnchoredHasNothingToCompareAndIsPending() {
        Batches.complete3(store, "LOT-1", 500.0);

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.NOTHING_ANCHORED, c.chain().state());
        assertEquals("unknown", c.sealText(), "no anchoring service answers in this view");
        assertEquals(0, chain.anchorReads());
    }

    @Test
    void aSealedBatchIsSealedWhenTheRegistrysSealIsWhatTheStoredRecordsGive() {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();
        BatchSeal seal = seal("LOT-1", true);

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.SEALED, c.chain().state(), c.chain().detail());
        assertEquals("sealed", c.sealText());
        ChainEvidence.Seal onChain = c.chain().seal();
        assertNotNull(onChain);
        assertEquals(0, onChain.revision());
        assertEquals(seal.batchRoot().hex(), onChain.batchRoot());
        assertEquals(77, onChain.blockNumber());
    }

    @Test
    void aSealTheRegistryDoesNotHoldDoesNotMatch() {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();
        seal("LOT-1", false); // the store says sealed; the registry has no seal of the batch

        BatchCertificate c = certificate("LOT-1");

        assertEquals(State.MISMATCH, c.chain().state());
        assertTrue(c.chain().detail().contains("holds no seal of batch LOT-1"), c.chain().detail());
        assertEquals("line-1 #5", c.chain().recordText(), "the batch-completed record the seal is about");
        assertNull(c.chain().seal());
    }

    @Test
    void theCertificatePageOfARewrittenBatchIsRedNamesTheRecordAndNeverSaysAnchored() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();
        H2RecordStores.rewriteFrom(database, LINE, 2, new RecordDraft(LINE, "quality", "LOT-1", Map.of()));
        CertificateSite site = new CertificateSite(store, "Plant Nord", 50, List::of, null, check);

        WebResponse page = site.handle("", "/lineledger/batches/LOT-1");
        WebResponse json = site.handle("", "/lineledger/api/batches/LOT-1");

        assertEquals(200, page.status());
        assertFalse(page.body().contains("data-anchored=\"true\""), "review finding 5");
        assertTrue(page.body().contains("data-seal=\"does not match the chain\""), page.body());
        assertTrue(page.body().contains("data-chain=\"MISMATCH\""));
        assertTrue(page.body().contains("<div class=\"chain-mismatch alarm\" role=\"alert\" data-record=\"line-1 #1\">"
                + "<strong>Does not match the chain.</strong>"), page.body());
        assertFalse(page.body().contains("every record of this batch is anchored on chain"));
        assertFalse(page.body().contains("batch-proof\" download"), "no batch proof is offered for it");
        JsonNode c = JSON.readTree(json.body());
        assertEquals("does not match the chain", c.get("seal").asText());
        assertFalse(c.get("anchoredOnChain").asBoolean());
        assertEquals("MISMATCH", c.get("chainCheck").get("state").asText());
        assertEquals("line-1", c.get("chainCheck").get("lineId").asText());
        assertEquals(1, c.get("chainCheck").get("seq").asLong());
    }

    @Test
    void aListOfBatchesNeverWaitsForTheChainItSaysCheckingUntilTheResultIsIn() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        anchorAllOnTheChain();
        chain.down(true); // nothing is cached yet; the list must answer from the cache alone
        CertificateSite site = new CertificateSite(store, "Plant Nord", 50, List::of, null, check);

        JsonNode list = JSON.readTree(site.handle("", "/lineledger/api/batches").body());
        String seal = list.get(0).get("seal").asText();

        assertTrue(List.of("checking", "not checked").contains(seal), seal);
    }

    @Test
    void theConfiguredRegistryIsPinnedWithTheAnchoringAccountWhenAnchoringUsesItAndAloneOtherwise() {
        String writer = AnchoredChain.WRITER;
        RunStatus.Registry ledger = new RunStatus.Registry(Anchors.CHAIN_ID, Anchors.CONTRACT.toUpperCase(), writer);

        BatchChainCheck.Pin same = BatchChainCheck.Pin.strongest(null, Anchors.CONTRACT, () -> ledger).get();
        BatchChainCheck.Pin other = BatchChainCheck.Pin.strongest(null, "0x" + "12".repeat(20), () -> ledger).get();
        BatchChainCheck.Pin ledgerOnly = BatchChainCheck.Pin.strongest(null, null, () -> ledger).get();
        BatchChainCheck.Pin nothing = BatchChainCheck.Pin.strongest(null, null, () -> null).get();

        assertNull(same.writers().problem(LINE, writer, 1));
        assertEquals("not the anchoring account " + writer + " of this plant",
                same.writers().problem(LINE, "0x" + "66".repeat(20), 1));
        assertEquals(Anchors.CHAIN_ID, same.chainId());
        assertNull(other.writers().problem(LINE, "0x" + "66".repeat(20), 1), "another registry: writer unknown");
        assertTrue(other.text().endsWith("(who anchored is not checked)"), other.text());
        assertEquals(Anchors.CONTRACT.toUpperCase(), ledgerOnly.contract());
        assertNull(nothing.contract(), "the store's word, said as such");
    }

    /** The ledger's seal of the batch in the store's outbox, and (when {@code onChain}) on the registry. */
    private BatchSeal seal(String batchId, boolean onChain) {
        BatchSeals seals = store.batchSeals().orElseThrow();
        List<LineRecord> range = store.range(LINE, 1, store.lastSeq(LINE));
        Bytes32 root = RangeProofFile.batchRoot(LINE, range);
        Bytes32 certificate = RangeProofFile.certificateDigest(range);
        BatchSeal planned = seals.plan(batchId, LINE, 1, range.size(), root, certificate);
        String tx = "0x" + "5e".repeat(32);
        seals.markSent(planned.id(), tx);
        seals.markSealed(planned.id(), 0, tx, 77);
        if (onChain) {
            chain.seal(batchId, LINE, certificate, root, 77);
        }
        return seals.latestSealed(batchId).orElseThrow();
    }
}
