#!/usr/bin/env node
// Compiles every .sol file under <sourceDir> with the pinned solc (standard JSON) and writes, per contract
// defined in those files, <Contract>.abi.json, <Contract>.bin and <Contract>.metadata.json into <outDir>.
// Imports of @openzeppelin/... (and other packages) resolve from this directory's node_modules.
//
// evmVersion is pinned to "paris": no PUSH0, so the bytecode also runs on a Besu genesis without Shanghai.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const EVM_VERSION = 'paris';
const OPTIMIZER_RUNS = 200;

function fail(message) {
  console.error(`compile-contracts: ${message}`);
  process.exit(1);
}

const [sourceDirArg, outDirArg] = process.argv.slice(2);
if (!sourceDirArg || !outDirArg) {
  fail('usage: node compile-contracts.mjs <sourceDir> <outDir>');
}
const sourceDir = path.resolve(sourceDirArg);
const outDir = path.resolve(outDirArg);
if (!fs.existsSync(sourceDir) || !fs.statSync(sourceDir).isDirectory()) {
  fail(`source directory does not exist: ${sourceDir}`);
}

let solc;
try {
  solc = require('solc');
} catch (e) {
  fail(`solc is not installed: run devchain.sh install first (${e.message})`);
}

function solFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return solFiles(full);
    return entry.isFile() && entry.name.endsWith('.sol') ? [full] : [];
  });
}

const files = solFiles(sourceDir).sort();
if (files.length === 0) {
  fail(`no .sol files under ${sourceDir}`);
}

// Source unit names relative to sourceDir, so that the metadata does not embed machine paths.
const sources = {};
for (const file of files) {
  const unit = path.relative(sourceDir, file).split(path.sep).join('/');
  sources[unit] = { content: fs.readFileSync(file, 'utf8') };
}

const nodeModules = path.join(here, 'node_modules');
function findImports(unitName) {
  const candidates = [path.join(sourceDir, unitName), path.join(nodeModules, unitName)];
  for (const candidate of candidates) {
    // stay inside the two roots: an import must not read arbitrary files
    const inside = [sourceDir, nodeModules].some((root) => candidate.startsWith(root + path.sep));
    if (inside && fs.existsSync(candidate)) {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    }
  }
  return { error: `import not found: ${unitName} (looked in the source directory and devchain/node_modules)` };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'metadata'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const diagnostics = output.errors ?? [];
const errors = diagnostics.filter((d) => d.severity === 'error');
for (const warning of diagnostics.filter((d) => d.severity !== 'error')) {
  console.warn(warning.formattedMessage ?? warning.message);
}
if (errors.length > 0) {
  for (const error of errors) {
    console.error(error.formattedMessage ?? error.message);
  }
  fail(`solc ${solc.version()} failed with ${errors.length} error(s)`);
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const unit of Object.keys(sources)) {
  for (const [name, contract] of Object.entries(output.contracts?.[unit] ?? {})) {
    const bytecode = contract.evm?.bytecode?.object ?? '';
    if (bytecode.length === 0) continue; // interfaces and abstract contracts have nothing to deploy
    fs.writeFileSync(path.join(outDir, `${name}.abi.json`), JSON.stringify(contract.abi, null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode + '\n');
    fs.writeFileSync(path.join(outDir, `${name}.metadata.json`), contract.metadata + '\n');
    written++;
  }
}
console.log(`compile-contracts: solc ${solc.version()}, evmVersion ${EVM_VERSION}: ${written} contract(s) -> ${outDir}`);
