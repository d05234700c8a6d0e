package io.lineledger.verifier.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.ChainReader.EventLog;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * {@code event BatchSealed(bytes32 indexed batchKey, bytes32 indexed lineKey, uint256 revision,
 * bytes32 certificateDigest, bytes32 batchRoot, bytes32 reasonDigest, address writer)} of LineLedgerRegistry, decoded
 * from a receipt log: emitted by {@code sealBatch} (revision 0) and {@code amendBatch}.
 */
public record BatchSealedEvent(Bytes32 batchKey, Bytes32 lineKey, long revision, Bytes32 certificateDigest,
                               Bytes32 batchRoot, Bytes32 reasonDigest, String writer) {

    public static final Event EVENT = new Event("BatchSealed", List.of(
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<Uint256>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<Address>() { }));

    /** keccak256("BatchSealed(bytes32,bytes32,uint256,bytes32,bytes32,bytes32,address)"). */
    public static final Bytes32 TOPIC = Bytes32.fromHex(EventEncoder.encode(EVENT));

    /** The event in {@code log}; empty when the log is another event or does not decode. */
    @SuppressWarnings("rawtypes")
    public static Optional<BatchSealedEvent> decode(EventLog log) {
        if (log.topics().size() != 3 || !log.topics().get(0).equals(TOPIC)) {
            return Optional.empty();
        }
        try {
            List<Type> values = FunctionReturnDecoder.decode(Numeric.toHexString(log.data()),
                    EVENT.getNonIndexedParameters());
            if (values.size() != 5) {
                return Optional.empty();
            }
            return Optional.of(new BatchSealedEvent(log.topics().get(1), log.topics().get(2),
                    AnchoredEvent.toLong((BigInteger) values.get(0).getValue()), bytes32(values.get(1)),
                    bytes32(values.get(2)), bytes32(values.get(3)), values.get(4).toString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The log the contract emits for this event (for test doubles and tools). */
    public EventLog toLog(long logIndex, String contract) {
        String data = TypeEncoder.encode(new Uint256(revision)) + certificateDigest.hex().substring(2)
                + batchRoot.hex().substring(2) + reasonDigest.hex().substring(2) + TypeEncoder.encode(new Address(writer));
        return new EventLog(logIndex, contract, List.of(TOPIC, batchKey, lineKey), Numeric.hexStringToByteArray(data));
    }

    private static Bytes32 bytes32(Type<?> value) {
        return Bytes32.of((byte[]) value.getValue());
    }
}
