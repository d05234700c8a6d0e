package io.lineledger.besukit;

import java.util.List;

/**
 * What a QBFT private network for LineLedger looks like, validated: every error names the option and the value.
 *
 * @param validators           how many validator nodes
 * @param chainId              EIP-155 chain id; not 31337, which is LineLedger's dev chain (anvil), where the ledger
 *                             would administer the registry itself and accept the published test keys
 * @param blockPeriodSeconds   QBFT's minimum time between blocks
 * @param requestTimeoutSeconds QBFT's round timeout; at least twice the block period
 * @param epochLength          blocks after which pending validator votes are reset
 * @param hosts                one host per node (the enode and p2p address), or one host for all nodes on one machine
 * @param p2pPort              the first node's p2p port (nodes sharing a host count up from it)
 * @param rpcPort              the first node's JSON-RPC port (nodes sharing a host count up from it)
 * @param rpcInterface         where each node's JSON-RPC listens
 */
public record QbftNetworkSpec(int validators, long chainId, int blockPeriodSeconds, int requestTimeoutSeconds,
                              long epochLength, List<String> hosts, int p2pPort, int rpcPort, String rpcInterface) {

    /** LineLedger's dev chain (anvil): never the chain id of a plant's network. */
    public static final long DEV_CHAIN_ID = 31337;

    public QbftNetworkSpec {
        hosts = List.copyOf(hosts);
        if (validators < 1 || validators > 64) {
            throw bad("--validators", validators, "must be between 1 and 64 (4 or more to tolerate a faulty one)");
        }
        if (chainId < 1) {
            throw bad("--chain-id", chainId, "must be a positive EIP-155 chain id");
        }
        if (chainId == DEV_CHAIN_ID) {
            throw bad("--chain-id", chainId, "is LineLedger's dev chain (anvil), on which the ledger administers the"
                    + " registry itself and accepts the published test keys: choose another one");
        }
        if (blockPeriodSeconds < 1) {
            throw bad("--block-period", blockPeriodSeconds, "must be at least 1 second");
        }
        if (requestTimeoutSeconds < 2 * blockPeriodSeconds) {
            throw bad("--request-timeout", requestTimeoutSeconds, "must be at least twice the block period ("
                    + 2 * blockPeriodSeconds + ")");
        }
        if (epochLength < 1) {
            throw bad("--epoch-length", epochLength, "must be at least 1");
        }
        if (hosts.isEmpty() || (hosts.size() != 1 && hosts.size() != validators)) {
            throw bad("--hosts", String.join(",", hosts), "must name one host for all nodes or one per node ("
                    + validators + ")");
        }
        for (String host : hosts) {
            if (!host.matches("[A-Za-z0-9.\\-]+")) {
                throw bad("--hosts", host, "is not a host name or IPv4 address");
            }
        }
        if (p2pPort < 1 || p2pPort + validators > 65536) {
            throw bad("--p2p-port", p2pPort, "must leave room for " + validators + " ports below 65536");
        }
        if (rpcPort < 1 || rpcPort + validators > 65536) {
            throw bad("--rpc-port", rpcPort, "must leave room for " + validators + " ports below 65536");
        }
    }

    /** The host of node {@code i} (0-based). */
    public String host(int i) {
        return hosts.size() == 1 ? hosts.get(0) : hosts.get(i);
    }

    /** Nodes sharing one host count their ports up; nodes on hosts of their own use the same ports. */
    public int p2pPort(int i) {
        return hosts.size() == 1 ? p2pPort + i : p2pPort;
    }

    public int rpcPort(int i) {
        return hosts.size() == 1 ? rpcPort + i : rpcPort;
    }

    private static IllegalArgumentException bad(String option, Object value, String problem) {
        return new IllegalArgumentException(option + " = " + value + " " + problem);
    }
}
