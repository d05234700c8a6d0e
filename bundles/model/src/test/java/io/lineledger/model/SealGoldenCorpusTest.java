package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sealing gives the same canonical bytes, digests and fields as before the one-pass writer: golden values of a varied
 * corpus ({@link SealCorpus}), written with the sealing code of Jackson and the JCS library.
 */
class SealGoldenCorpusTest {

    @Test
    void everyCorpusRecordSealsToItsGoldenDigestCanonicalTextAndFields() throws IOException {
        List<String> golden = goldenLines();
        List<SealCorpus.Case> cases = SealCorpus.cases();
        assertEquals(golden.size(), cases.size(), "corpus and golden file differ in size");
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(golden.get(i), SealGolden.line(cases.get(i)), cases.get(i).name());
        }
    }

    @Test
    void theCorpusCoversBothPathsAndRefusals() throws IOException {
        List<String> golden = goldenLines();
        assertTrue(golden.size() > 700, "corpus size " + golden.size());
        assertTrue(golden.stream().filter(l -> l.contains("\t! ")).count() >= 10, "refused cases");
    }

    @Test
    void sealedRecordsEqualWhatTheStoreReadsBackAndTheLibraryPathSeals() {
        for (SealCorpus.Case c : SealCorpus.cases()) {
            LineRecord sealed;
            try {
                sealed = LineRecord.seal(c.draft(), c.seq(), c.prev(), c.recordedAt(), c.salt());
            } catch (RuntimeException e) {
                continue;
            }
            if (c.seq() <= 1L << 53) { // beyond, the canonical form holds the nearest double (as it always did)
                assertEquals(sealed, LineRecord.fromCanonical(sealed.canonicalJson(), sealed.salt()), c.name());
            }
            LineRecord library = LineRecord.sealThroughLibrary(c.draft(), c.seq(), c.prev(), c.recordedAt(), c.salt());
            assertEquals(library, sealed, c.name());
            assertEquals(SealGolden.describe(library.fields()), SealGolden.describe(sealed.fields()), c.name());
        }
    }

    private static List<String> goldenLines() throws IOException {
        try (InputStream in = SealGoldenCorpusTest.class.getResourceAsStream(SealGolden.RESOURCE)) {
            assertNotNull(in, SealGolden.RESOURCE);
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
