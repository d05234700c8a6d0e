package io.lineledger.ledger.internal;

/**
 * The signing key cannot be used: a keystore that is missing or unreadable, a wrong password, a published dev-chain
 * key on another chain. An ALARM of the whole ledger, looked at again on every pass, so it clears as soon as the
 * file or password is fixed (no restart). The message starts with "signing key: " and names the file, never the key
 * or the password.
 */
public final class SigningKeyException extends LedgerSetupException {

    private static final long serialVersionUID = 1L;

    SigningKeyException(String problem) {
        this(problem, 0);
    }

    SigningKeyException(String problem, long nodeChainId) {
        super(PREFIX + problem, nodeChainId);
    }

    private static final String PREFIX = "signing key: ";

    /** The same problem, found once connected to a node of {@code chainId}. */
    SigningKeyException onChain(long chainId) {
        return new SigningKeyException(getMessage().substring(PREFIX.length()), chainId);
    }
}
