// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title LineLedgerRegistry
/// @notice Merkle roots of production-line records, anchored per line in gap-free sequence ranges, and batch
///         seals with append-only amendments. Writers are authorized per line by an admin; everyone may read.
/// @dev lineKey = keccak256(bytes(lineId)), batchKey = keccak256(bytes(batchId)). Sequences start at 1 per line.
contract LineLedgerRegistry is AccessControl {
    /// firstSeq is not the line's next expected sequence: a replayed or skipped range.
    error SequenceGap(bytes32 lineKey, uint64 expected, uint64 got);
    /// lastSeq is below firstSeq (or at the top of the uint64 range, where no next sequence exists).
    error InvalidRange(uint64 firstSeq, uint64 lastSeq);
    error ZeroRoot();
    /// A root is anchored once; its first anchor stays the one verifiers find.
    error RootAlreadyAnchored(bytes32 root, bytes32 lineKey, uint64 firstSeq, uint64 lastSeq);
    error BatchAlreadySealed(bytes32 batchKey, bytes32 lineKey);
    error BatchNotSealed(bytes32 batchKey);
    /// An amendment must say why (the digest of its reason document).
    error MissingReason(bytes32 batchKey);
    error UnknownRevision(bytes32 batchKey, uint256 revision, uint256 revisionCount);
    /// anchorMany's arrays must have one entry per window.
    error LengthMismatch(uint256 lineKeys, uint256 firstSeqs, uint256 lastSeqs, uint256 roots);

    event Anchored(bytes32 indexed lineKey, bytes32 indexed root, address indexed writer, uint64 firstSeq, uint64 lastSeq);
    event BatchSealed(bytes32 indexed batchKey, bytes32 indexed lineKey, uint256 revision, bytes32 certificateDigest,
        bytes32 batchRoot, bytes32 reasonDigest, address writer);

    struct AnchorEntry {
        bytes32 lineKey;
        uint64 firstSeq;
        uint64 lastSeq;
        uint64 blockNumber;
        address writer;
    }

    struct BatchRevision {
        bytes32 lineKey;
        bytes32 certificateDigest;
        bytes32 batchRoot;
        bytes32 reasonDigest;
        address writer;
        uint64 blockNumber;
    }

    mapping(bytes32 lineKey => uint64) private _lastSeq;
    mapping(bytes32 root => AnchorEntry) private _anchors;
    mapping(bytes32 batchKey => BatchRevision[]) private _batches;

    constructor() {
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    // ---- writers ----------------------------------------------------------------------------------------

    function writerRole(bytes32 lineKey) public pure returns (bytes32) {
        return keccak256(abi.encode("LINE_WRITER", lineKey));
    }

    function grantWriter(bytes32 lineKey, address writer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _grantRole(writerRole(lineKey), writer);
    }

    function revokeWriter(bytes32 lineKey, address writer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _revokeRole(writerRole(lineKey), writer);
    }

    function isWriter(bytes32 lineKey, address account) external view returns (bool) {
        return hasRole(writerRole(lineKey), account);
    }

    // ---- anchors ----------------------------------------------------------------------------------------

    function nextSequence(bytes32 lineKey) external view returns (uint64) {
        return _lastSeq[lineKey] + 1;
    }

    function anchor(bytes32 lineKey, uint64 firstSeq, uint64 lastSeq, bytes32 root)
        external
        onlyRole(writerRole(lineKey))
    {
        uint64 expected = _lastSeq[lineKey] + 1;
        if (firstSeq != expected) revert SequenceGap(lineKey, expected, firstSeq);
        if (lastSeq < firstSeq || lastSeq == type(uint64).max) revert InvalidRange(firstSeq, lastSeq);
        if (root == bytes32(0)) revert ZeroRoot();
        AnchorEntry storage existing = _anchors[root];
        if (existing.firstSeq != 0) {
            revert RootAlreadyAnchored(root, existing.lineKey, existing.firstSeq, existing.lastSeq);
        }
        _record(lineKey, firstSeq, lastSeq, root);
    }

    /// @notice Anchors windows of several lines in one transaction (entry i of each array is one window). A window
    ///         that anchor() would refuse (the caller is not the line's writer, the line expects another first
    ///         sequence, an invalid range, a zero or already anchored root) is skipped, not reverted, so one line
    ///         never holds up the others: the Anchored logs say which windows were taken.
    /// @return taken how many windows were anchored
    function anchorMany(
        bytes32[] calldata lineKeys,
        uint64[] calldata firstSeqs,
        uint64[] calldata lastSeqs,
        bytes32[] calldata roots
    ) external returns (uint256 taken) {
        uint256 n = lineKeys.length;
        if (firstSeqs.length != n || lastSeqs.length != n || roots.length != n) {
            revert LengthMismatch(n, firstSeqs.length, lastSeqs.length, roots.length);
        }
        for (uint256 i = 0; i < n; i++) {
            bytes32 lineKey = lineKeys[i];
            uint64 firstSeq = firstSeqs[i];
            uint64 lastSeq = lastSeqs[i];
            if (
                hasRole(writerRole(lineKey), msg.sender) && firstSeq == _lastSeq[lineKey] + 1 && lastSeq >= firstSeq
                    && lastSeq != type(uint64).max && roots[i] != bytes32(0) && _anchors[roots[i]].firstSeq == 0
            ) {
                _record(lineKey, firstSeq, lastSeq, roots[i]);
                taken++;
            }
        }
    }

    function _record(bytes32 lineKey, uint64 firstSeq, uint64 lastSeq, bytes32 root) private {
        _lastSeq[lineKey] = lastSeq;
        _anchors[root] = AnchorEntry(lineKey, firstSeq, lastSeq, SafeCast.toUint64(block.number), msg.sender);
        emit Anchored(lineKey, root, msg.sender, firstSeq, lastSeq);
    }

    function anchorOf(bytes32 root)
        external
        view
        returns (bytes32 lineKey, uint64 firstSeq, uint64 lastSeq, address writer, uint64 blockNumber)
    {
        AnchorEntry storage entry = _anchors[root];
        return (entry.lineKey, entry.firstSeq, entry.lastSeq, entry.writer, entry.blockNumber);
    }

    // ---- batches ----------------------------------------------------------------------------------------

    function sealBatch(bytes32 batchKey, bytes32 lineKey, bytes32 certificateDigest, bytes32 batchRoot)
        external
        onlyRole(writerRole(lineKey))
    {
        BatchRevision[] storage revisions = _batches[batchKey];
        if (revisions.length != 0) revert BatchAlreadySealed(batchKey, revisions[0].lineKey);
        _addRevision(revisions, batchKey, lineKey, certificateDigest, batchRoot, bytes32(0));
    }

    function amendBatch(bytes32 batchKey, bytes32 certificateDigest, bytes32 batchRoot, bytes32 reasonDigest) external {
        BatchRevision[] storage revisions = _batches[batchKey];
        if (revisions.length == 0) revert BatchNotSealed(batchKey);
        bytes32 lineKey = revisions[0].lineKey;
        _checkRole(writerRole(lineKey));
        if (reasonDigest == bytes32(0)) revert MissingReason(batchKey);
        _addRevision(revisions, batchKey, lineKey, certificateDigest, batchRoot, reasonDigest);
    }

    function batchRevisionCount(bytes32 batchKey) external view returns (uint256) {
        return _batches[batchKey].length;
    }

    function batchRevision(bytes32 batchKey, uint256 revision)
        external
        view
        returns (
            bytes32 lineKey,
            bytes32 certificateDigest,
            bytes32 batchRoot,
            bytes32 reasonDigest,
            address writer,
            uint64 blockNumber
        )
    {
        BatchRevision[] storage revisions = _batches[batchKey];
        if (revision >= revisions.length) revert UnknownRevision(batchKey, revision, revisions.length);
        BatchRevision storage r = revisions[revision];
        return (r.lineKey, r.certificateDigest, r.batchRoot, r.reasonDigest, r.writer, r.blockNumber);
    }

    function _addRevision(
        BatchRevision[] storage revisions,
        bytes32 batchKey,
        bytes32 lineKey,
        bytes32 certificateDigest,
        bytes32 batchRoot,
        bytes32 reasonDigest
    ) private {
        uint256 revision = revisions.length;
        revisions.push(
            BatchRevision(lineKey, certificateDigest, batchRoot, reasonDigest, msg.sender, SafeCast.toUint64(block.number))
        );
        emit BatchSealed(batchKey, lineKey, revision, certificateDigest, batchRoot, reasonDigest, msg.sender);
    }
}
