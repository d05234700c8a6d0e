package io.lineledger.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainUnavailableException;
import io.lineledger.verifier.Verification.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofCheckTest {

    private static final String NODE = "http://127.0.0.1:8545";
    private static final AnchoringTrigger.Registry REGISTRY =
            new AnchoringTrigger.Registry(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

    @TempDir
    Path dir;

    private final List<String> connected = new ArrayList<>();

    /** A node that never answers: whatever needs the chain is "could not check", never "invalid". */
    private final ProofCheck check = new ProofCheck(url -> {
        connected.add(url);
        return new ChainReader() {
            @Override
            public long chainId() {
                throw new ChainUnavailableException("connection refused");
            }

            @Override
            public long latestBlock() {
                throw new ChainUnavailableException("connection refused");
            }

            @Override
            public Optional<Bytes32> blockHash(long number) {
                throw new ChainUnavailableException("connection refused");
            }

            @Override
            public Optional<OnChainAnchor> anchorOf(String contract, Bytes32 root) {
                throw new ChainUnavailableException("connection refused");
            }

            @Override
            public Optional<Receipt> receipt(String txHash) {
                throw new ChainUnavailableException("connection refused");
            }
        };
    });

    private ProofCheck.Result run(Path proof, String rpc, Path network, String contract, Long maxBytes,
                                  Optional<String> ledgerRpc, Optional<AnchoringTrigger.Registry> registry) {
        return check.check(new ProofCheck.Request(proof, rpc, network, contract, maxBytes), ledgerRpc, registry);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void theLedgersNodeAndRegistryAreTheDefaults() throws IOException {
        Path proof = file("p.json", "{\"format\":\"lineledger-proof\",\"version\":2}");

        ProofCheck.Result result = run(proof, null, null, null, null, Optional.of(NODE), Optional.of(REGISTRY));

        assertEquals(List.of(NODE), connected);
        assertTrue(result.text().contains("chain node: " + NODE), result.text());
        assertTrue(result.text().contains("pinned to this LineLedger's registry " + REGISTRY.contract()), result.text());
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.text());
    }

    @Test
    void aFileOverTheSizeLimitIsNotReadAndSaysHowToRaiseIt() throws IOException {
        Path proof = file("big.json", "{\"format\":\"lineledger-proof\",\"pad\":\"" + "x".repeat(200) + "\"}");

        ProofCheck.Result result = run(proof, NODE, null, null, 100L, Optional.empty(), Optional.empty());

        assertEquals(Outcome.UNCHECKABLE, result.outcome());
        assertTrue(result.text().startsWith("proof file: "), result.text());
        assertTrue(result.text().contains("COULD NOT CHECK"), result.text());
        assertTrue(result.text().contains("is too large") && result.text().contains("over the limit of 100 bytes"),
                result.text());
    }

    @Test
    void aMissingOrMalformedFileIsCouldNotCheckWithTheReason() throws IOException {
        ProofCheck.Result missing = run(dir.resolve("nope.json"), NODE, null, null, null, Optional.empty(),
                Optional.empty());
        assertTrue(missing.text().contains("no such file: " + dir.resolve("nope.json")), missing.text());

        ProofCheck.Result twice = run(file("twice.json", "{\"format\":\"a\",\"format\":\"b\"}"), NODE, null, null,
                null, Optional.empty(), Optional.empty());
        assertEquals(Outcome.UNCHECKABLE, twice.outcome());
        assertTrue(twice.text().contains("has the key 'format' twice"), twice.text());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyNodeIsAsked() throws IOException {
        Path proof = file("p.json", "{}");

        assertEquals("COULD NOT CHECK: no chain node: give --rpc URL (io.lineledger.ledger has no rpcUrl configured)\n",
                run(proof, null, null, null, null, Optional.empty(), Optional.empty()).text());
        assertEquals("COULD NOT CHECK: --contract must be a 0x-prefixed 20-byte address, got '0x12'\n",
                run(proof, NODE, null, "0x12", null, Optional.empty(), Optional.empty()).text());
        assertTrue(run(proof, "ftp://node", null, null, null, Optional.empty(), Optional.empty()).text()
                .startsWith("COULD NOT CHECK: --rpc: "));
        assertTrue(run(proof, NODE, file("n.json", "{\"format\":\"other\"}"), null, null, Optional.empty(),
                Optional.empty()).text().startsWith("COULD NOT CHECK: --network: "));
        assertEquals(List.of(), connected);
    }
}
