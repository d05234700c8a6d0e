package io.lineledger.besukit;

import io.lineledger.ledger.internal.DevChainKeys;
import io.lineledger.ledger.internal.RegistryContract;
import io.lineledger.ledger.internal.TransactionSender;
import io.lineledger.model.RegistryKeys;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The registry's admin at work: deploys LineLedgerRegistry, grants and revokes a line's writer role, and keeps the
 * network descriptor in step. The admin is an account of its own, never the ledger's anchoring account (which is
 * online all the time and must not be able to make other writers); it signs with the registry's own binding.
 */
public final class RegistrySetup implements AutoCloseable {

    private static final Duration MINED_WITHIN = Duration.ofSeconds(120);

    private final TransactionSender admin;
    private final JsonRpc node;

    /**
     * Connects as the admin; refuses a published dev-chain key as admin on any chain but the dev chain.
     *
     * @throws IllegalArgumentException for a published key off the dev chain
     */
    public RegistrySetup(String rpcUrl, Credentials adminKey) {
        this.node = new JsonRpc(rpcUrl);
        this.admin = TransactionSender.connect(rpcUrl,
                Numeric.toHexStringWithPrefixZeroPadded(adminKey.getEcKeyPair().getPrivateKey(), 64), 4);
        if (!DevChainKeys.isDevChain(admin.chainId()) && DevChainKeys.isPublished(admin.address())) {
            admin.close();
            throw new IllegalArgumentException("the admin account " + adminKey.getAddress() + " is one of the dev"
                    + " chain's published test accounts (anyone has its key); on chain " + node.chainId()
                    + " the registry's admin must be the plant's own key");
        }
    }

    /** The admin's account. */
    public String adminAddress() {
        return admin.address();
    }

    /**
     * Deploys a registry (the admin is its DEFAULT_ADMIN_ROLE), grants each line's writer and returns the descriptor
     * that pins it.
     *
     * @param writers line id → the anchoring account that writes it
     */
    public NetworkDescriptorFile deploy(String networkName, Map<String, String> writers) {
        writers.values().forEach(this::refuseAdminAsWriter);
        RegistryContract registry = RegistryContract.deploy(admin, MINED_WITHIN);
        NetworkDescriptorFile descriptor = NetworkDescriptorFile.create(networkName, admin.chainId(),
                registry.address(), node.blockHash(0));
        writers.forEach((line, account) -> descriptor.granted(line, account, grant(registry, line, account)));
        return descriptor;
    }

    /** Grants {@code account} the writer role of {@code lineId} on the descriptor's registry and records it there. */
    public void grantWriter(NetworkDescriptorFile descriptor, String lineId, String account) {
        checkNetwork(descriptor);
        refuseAdminAsWriter(account);
        descriptor.granted(lineId, account, grant(new RegistryContract(admin, descriptor.registry()), lineId, account));
    }

    /** Revokes {@code account}'s writer role of {@code lineId} and records the block in the descriptor. */
    public void revokeWriter(NetworkDescriptorFile descriptor, String lineId, String account) {
        checkNetwork(descriptor);
        RegistryContract registry = new RegistryContract(admin, descriptor.registry());
        TransactionReceipt receipt = mined(registry.revokeWriter(RegistryKeys.lineKey(lineId), account));
        descriptor.revoked(lineId, account, receipt.getBlockNumber().longValueExact());
    }

    private long grant(RegistryContract registry, String lineId, String account) {
        return mined(registry.grantWriter(RegistryKeys.lineKey(lineId), account)).getBlockNumber().longValueExact();
    }

    private TransactionReceipt mined(String txHash) {
        TransactionReceipt receipt = admin.waitForReceipt(txHash, MINED_WITHIN);
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("transaction " + txHash + " reverted (is " + admin.address()
                    + " the registry's admin?)");
        }
        return receipt;
    }

    private void refuseAdminAsWriter(String account) {
        if (account.toLowerCase(Locale.ROOT).equals(admin.address())) {
            throw new IllegalArgumentException("the writer " + account + " is the registry's admin: the anchoring"
                    + " account must be a separate one (its key is online all the time)");
        }
    }

    private void checkNetwork(NetworkDescriptorFile descriptor) {
        if (descriptor.chainId() != admin.chainId()) {
            throw new IllegalArgumentException("the descriptor is of chain " + descriptor.chainId() + " but the node"
                    + " serves chain " + admin.chainId());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
