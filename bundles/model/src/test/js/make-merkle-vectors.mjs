// Writes ../resources/merkle-vectors.json: roots and proofs of OpenZeppelin's StandardMerkleTree
// (leaf encoding ["bytes32"]) over deterministic digests, the reference MerkleTreeTest compares against.
//
//   node bundles/model/src/test/js/make-merkle-vectors.mjs      (after `npm ci` in devchain/)
//
// MERKLE_TREE_MODULE may point at another install of @openzeppelin/merkle-tree (its package directory).
import { createHash } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = process.env.MERKLE_TREE_MODULE
  ?? resolve(here, '../../../../../devchain/node_modules/@openzeppelin/merkle-tree');
const pkg = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8'));
const { StandardMerkleTree } = await import(pathToFileURL(join(moduleDir, 'dist/index.js')).href);

// digest i = sha256("lineledger-merkle-vector-" + i): arbitrary-looking, reproducible in Java without keccak
const digest = (i) => '0x' + createHash('sha256').update(`lineledger-merkle-vector-${i}`).digest('hex');

const cases = [1, 2, 3, 4, 5, 7, 8, 13].map((leaves) => {
  const values = Array.from({ length: leaves }, (_, i) => [digest(i)]);
  const tree = StandardMerkleTree.of(values, ['bytes32']);
  for (const [i, v] of tree.entries()) {
    if (!StandardMerkleTree.verify(tree.root, ['bytes32'], v, tree.getProof(i))) {
      throw new Error(`library rejected its own proof for ${v}`);
    }
  }
  return {
    leaves,
    digests: values.map((v) => v[0]),
    root: tree.root,
    // proofs[k] is the proof of digests[k] (input order, not the tree's sorted order)
    proofs: values.map((v) => tree.getProof(v)),
  };
});

const out = {
  generator: `@openzeppelin/merkle-tree ${pkg.version} StandardMerkleTree.of(values, ["bytes32"])`,
  digestRule: 'sha256(utf8("lineledger-merkle-vector-" + i)), i = 0..leaves-1',
  cases,
};
const target = resolve(here, '../resources/merkle-vectors.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${cases.length} cases to ${target}`);
