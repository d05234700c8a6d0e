package io.lineledger.ledger.internal;

import org.web3j.crypto.RawTransaction;

/**
 * Signs the transactions of one account: a key held in this process (decrypted from a keystore) or a remote signer.
 * The {@link TransactionSender} never sees where the key is.
 */
public interface TransactionSigner {

    /** The signing account, 0x-prefixed lower-case. */
    String address();

    /**
     * The signed transaction, ready for {@code eth_sendRawTransaction} (EIP-155 for {@code chainId}).
     *
     * @throws SigningKeyException when the signer cannot sign (a remote signer that refuses or does not answer)
     */
    byte[] sign(RawTransaction transaction, long chainId);
}
