package io.lineledger.besukit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares a node with the descriptor auditors pin: chain id, the genesis block's hash, contract code at the registry,
 * and, where the node offers Besu's QBFT API, the validators of the latest block (a node without it, such as anvil, is
 * said to be skipped, not failed). Standard {@code eth_*} for everything else.
 */
public final class NetworkCheck {

    /** One line of the report; {@code ok} false for a mismatch, null for a check that was skipped. */
    public record Result(String check, Boolean ok, String detail) {

        @Override
        public String toString() {
            return (ok == null ? "SKIPPED  " : ok ? "OK       " : "MISMATCH ") + check + ": " + detail;
        }
    }

    private NetworkCheck() {
    }

    /**
     * @param expectedValidators the genesis' validators (from validators.json); empty: list them without comparing
     */
    public static List<Result> run(String rpcUrl, NetworkDescriptorFile descriptor, List<String> expectedValidators) {
        JsonRpc node = new JsonRpc(rpcUrl);
        List<Result> results = new ArrayList<>();
        long chainId = node.chainId();
        results.add(new Result("chain id", chainId == descriptor.chainId(), "node " + chainId + ", descriptor "
                + descriptor.chainId()));
        String genesis = node.blockHash(0);
        results.add(new Result("genesis hash", genesis.equalsIgnoreCase(descriptor.genesisHash()), "node " + genesis
                + ", descriptor " + descriptor.genesisHash()));
        String code = node.call("eth_getCode", descriptor.registry(), "latest").asText();
        results.add(new Result("registry", code.length() > 2, descriptor.registry()
                + (code.length() > 2 ? " has contract code" : " has no contract code on this chain")));
        try {
            JsonNode validators = node.call("qbft_getValidatorsByBlockNumber", "latest");
            List<String> actual = new ArrayList<>();
            validators.forEach(v -> actual.add(v.asText().toLowerCase(Locale.ROOT)));
            List<String> expected = expectedValidators.stream().map(v -> v.toLowerCase(Locale.ROOT)).sorted().toList();
            results.add(new Result("QBFT validators", expected.isEmpty() ? Boolean.TRUE
                    : expected.equals(actual.stream().sorted().toList()), String.join(", ", actual)));
        } catch (JsonRpc.RpcError e) {
            if (!e.methodMissing()) {
                throw e;
            }
            results.add(new Result("QBFT validators", null, "the node offers no qbft_getValidatorsByBlockNumber (not"
                    + " a Besu QBFT node, or its QBFT API is off): not checked"));
        }
        return results;
    }
}
