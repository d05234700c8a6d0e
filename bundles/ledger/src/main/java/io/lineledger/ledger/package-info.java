/** Anchoring of line records on chain: the service other bundles see. */
package io.lineledger.ledger;
