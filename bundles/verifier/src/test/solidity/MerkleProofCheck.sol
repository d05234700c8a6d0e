// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice Test-only: OpenZeppelin's on-chain MerkleProof over LineLedger's leaves, so the build checks that proofs
///         written by the Java code verify where a contract would verify them. Not deployed by LineLedger.
contract MerkleProofCheck {
    /// v2 leaf: StandardMerkleTree leaf of abi.encode(bytes32 lineKey, uint64 seq, bytes32 digest).
    function leafV2(bytes32 lineKey, uint64 seq, bytes32 digest) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(lineKey, seq, digest))));
    }

    /// v1 leaf: StandardMerkleTree leaf of abi.encode(bytes32 digest).
    function leafV1(bytes32 digest) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(digest))));
    }

    /// A v2 record proof, the line given by its id as the proof file names it.
    function verifyRecord(bytes32[] calldata proof, bytes32 root, string calldata lineId, uint64 seq, bytes32 digest)
        external
        pure
        returns (bool)
    {
        return MerkleProof.verifyCalldata(proof, root, leafV2(keccak256(bytes(lineId)), seq, digest));
    }

    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    function multiProofVerify(bytes32[] calldata proof, bool[] calldata proofFlags, bytes32 root, bytes32[] calldata leaves)
        external
        pure
        returns (bool)
    {
        return MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves);
    }
}
