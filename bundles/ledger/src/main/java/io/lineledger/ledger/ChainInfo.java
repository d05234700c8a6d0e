package io.lineledger.ledger;

/**
 * @param chainId         EIP-155 chain id of the network
 * @param contractAddress the LineLedgerRegistry contract (0x-prefixed)
 * @param writerAddress   the account that signs anchor transactions (0x-prefixed)
 */
public record ChainInfo(long chainId, String contractAddress, String writerAddress) {
}
