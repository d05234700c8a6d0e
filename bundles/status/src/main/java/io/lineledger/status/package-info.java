/**
 * One place that tells how LineLedger runs: every part's status (OPC UA sources, rules, store, anchoring) and the
 * components that wait for configuration, read on demand. The shell, the metrics and health endpoints and the status
 * page read it instead of each asking the parts themselves.
 */
@Version("1.0.0")
package io.lineledger.status;

import org.osgi.annotation.versioning.Version;
