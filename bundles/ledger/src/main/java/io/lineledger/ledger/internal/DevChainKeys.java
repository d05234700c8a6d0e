package io.lineledger.ledger.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The dev chain (anvil, chain id 31337) and its published accounts. anvil's ten default accounts come from the
 * mnemonic "test test test test test test test test test test test junk" that anvil and Hardhat print at every start:
 * anyone can sign with them, so they sign nothing on any other chain. On the dev chain only, the ledger also deploys
 * the registry itself and grants itself a line's writer role (the demo); elsewhere the registry's admin does that.
 * Public for the network kit, which refuses these keys as a registry's admin off the dev chain too.
 */
public final class DevChainKeys {

    /** anvil's (and Hardhat's) chain id: the demo and the tests. */
    public static final long DEV_CHAIN_ID = 31337;

    /** m/44'/60'/0'/0/0..9 of the published mnemonic (DevChainKeysTest derives them). */
    static final Set<String> PUBLISHED = Set.of(
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
            "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
            "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
            "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
            "0x976ea74026e726554db657fa54763abd0c3a0aa9",
            "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
            "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f",
            "0xa0ee7a142d267c1f36714e4a8f75612f20a79720");

    private DevChainKeys() {
    }

    public static boolean isDevChain(long chainId) {
        return chainId == DEV_CHAIN_ID;
    }

    public static boolean isPublished(String address) {
        return PUBLISHED.contains(address.toLowerCase(Locale.ROOT));
    }

    /**
     * Refuses a published dev-chain key, and a key configured in plain text ({@code privateKey}), on any chain but
     * the dev chain.
     *
     * @param plainText whether the key came from {@code privateKey} rather than a keystore
     */
    static void check(String address, boolean plainText, long chainId) {
        if (isDevChain(chainId)) {
            return;
        }
        if (isPublished(address)) {
            throw new SigningKeyException("account " + address + " is one of the dev chain's published test accounts "
                    + "(anyone has its key); it signs only on the dev chain (chain id " + DEV_CHAIN_ID + "), and the "
                    + "node serves chain " + chainId + ": use the plant's own key in keyStoreFile", chainId);
        }
        if (plainText) {
            throw new SigningKeyException("privateKey (a key in plain text) is accepted only on the dev chain (chain id "
                    + DEV_CHAIN_ID + "), and the node serves chain " + chainId + ": put the key in an encrypted "
                    + "keystore and set keyStoreFile and keyStorePasswordFile instead", chainId);
        }
    }
}
