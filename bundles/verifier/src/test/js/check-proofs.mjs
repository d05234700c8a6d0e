// Checks LineLedger proof files written by the Java code with OpenZeppelin's own JavaScript library, and nothing of
// LineLedger's: @openzeppelin/merkle-tree (StandardMerkleTree.verify / verifyMultiProof / of / getProof /
// getMultiProof) and keccak256 from ethereum-cryptography (a dependency of it). The record digest is recomputed from
// an RFC 8785 canonical form written here (sorted keys, ECMAScript number and string serialisation).
//
//   node check-proofs.mjs <file.json>...      prints one JSON line per file; exit 0 when every file checks
//
// MERKLE_TREE_MODULE may point at another install of @openzeppelin/merkle-tree (its package directory).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = process.env.MERKLE_TREE_MODULE
  ?? resolve(here, '../../../../../devchain/node_modules/@openzeppelin/merkle-tree');
const { StandardMerkleTree } = await import(pathToFileURL(join(moduleDir, 'dist/index.js')).href);
const require = createRequire(join(moduleDir, 'package.json'));
const { keccak256 } = require('ethereum-cryptography/keccak');
const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8'));

const hex = (bytes) => '0x' + Buffer.from(bytes).toString('hex');
const bytes = (h) => Buffer.from(h.slice(2), 'hex');
const utf8 = (s) => Buffer.from(s, 'utf8');

// RFC 8785: keys sorted by UTF-16 code units, no whitespace, ECMAScript serialisation of strings and numbers
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const keys = Object.keys(value).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
}

const digestOf = (salt, record) => hex(keccak256(Buffer.concat([bytes(salt), utf8(canonical(record))])));
const lineKey = (lineId) => hex(keccak256(utf8(lineId)));
const V2 = ['bytes32', 'uint64', 'bytes32'];
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const leafValue = (encoding, lineId, seq, digest) => (same(encoding, V2) ? [lineKey(lineId), seq, digest] : [digest]);
const leafHash = (encoding, value) => StandardMerkleTree.of([value], encoding).root; // one leaf: the root is the leaf

function checkRecordProof(file) {
  const checks = {};
  const { record, salt, digest, merkle, anchor } = file;
  checks.digest = digestOf(salt, record) === digest;
  const value = leafValue(merkle.leafEncoding, record.line, String(record.seq), digest);
  checks.merkleVerify = StandardMerkleTree.verify(merkle.root, merkle.leafEncoding, value, merkle.proof);
  if (file.version === 2) {
    checks.leafIndex = merkle.leafIndex === record.seq - anchor.firstSeq;
    checks.treeSize = merkle.treeSize === anchor.lastSeq - anchor.firstSeq + 1;
  }
  return checks;
}

function checkRangeProof(file) {
  const checks = { digests: true, prevLinks: true };
  file.records.forEach((item, i) => {
    if (digestOf(item.salt, item.record) !== item.digest) checks.digests = false;
    if (i > 0 && item.record.prev !== file.records[i - 1].digest) checks.prevLinks = false;
  });
  file.windows.forEach((window, w) => {
    const { anchor, merkle } = window;
    const inWindow = file.records.filter((r) => r.record.seq >= anchor.firstSeq && r.record.seq <= anchor.lastSeq);
    const values = inWindow.map((r) => leafValue(merkle.leafEncoding, file.lineId, String(r.record.seq), r.digest));
    // the multiproof consumes the leaves in ascending leaf-hash order
    const ordered = values.map((v) => [leafHash(merkle.leafEncoding, v), v])
      .sort((a, b) => Buffer.compare(bytes(a[0]), bytes(b[0]))).map((p) => p[1]);
    checks[`window${w}MultiProof`] = StandardMerkleTree.verifyMultiProof(merkle.root, merkle.leafEncoding,
      { leaves: ordered, proof: merkle.proof, proofFlags: merkle.proofFlags });
    if (inWindow.length === merkle.treeSize) {
      // the whole window: rebuild it as OpenZeppelin builds it, values in sequence order
      const tree = StandardMerkleTree.of(values, merkle.leafEncoding);
      checks[`window${w}Rebuilt`] = tree.root === merkle.root;
      const multi = tree.getMultiProof(values.map((_, i) => i));
      checks[`window${w}SameMultiProof`] = same(multi.proof, merkle.proof) && same(multi.proofFlags, merkle.proofFlags);
    }
  });
  if (file.seal) {
    // a batch seal commits to the v2 tree of every record of the batch's range and to its batch-completed record
    const values = file.records.map((r) => [lineKey(file.lineId), String(r.record.seq), r.digest]);
    const last = file.records[file.records.length - 1];
    checks.sealBatchRoot = StandardMerkleTree.of(values, V2).root === file.seal.batchRoot;
    checks.sealCertificateDigest = last.record.type === 'batch-completed' && last.digest === file.seal.certificateDigest;
  }
  return checks;
}

// a whole window and every record's v2 proof of it: what Java wrote equals what OpenZeppelin computes
function checkWindowProofs(file) {
  const checks = {};
  const values = file.records.map((r) => leafValue(file.leafEncoding, file.lineId, String(r.seq), r.digest));
  const tree = StandardMerkleTree.of(values, file.leafEncoding);
  checks.root = tree.root === file.root;
  checks.proofs = file.records.every((r, i) => same(tree.getProof(i), r.proof));
  return checks;
}

let failed = 0;
for (const path of process.argv.slice(2)) {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  let checks;
  try {
    if (file.format === 'lineledger-proof') checks = checkRecordProof(file);
    else if (file.format === 'lineledger-range-proof' || file.format === 'lineledger-batch-proof') checks = checkRangeProof(file);
    else if (file.format === 'window-proofs') checks = checkWindowProofs(file);
    else checks = { knownFormat: false };
  } catch (e) {
    // the library refuses malformed proofs by throwing: a failed check, not a crash of this script
    checks = { refusedByLibrary: false, error: String(e.message ?? e) };
  }
  const ok = Object.values(checks).every((v) => v === true);
  if (!ok) failed++;
  console.log(JSON.stringify({ file: path, ok, library: `@openzeppelin/merkle-tree ${version}`, checks }));
}
process.exit(failed === 0 ? 0 : 1);
