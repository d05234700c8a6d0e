package io.lineledger.plcsim.model;

/** The status a value is published with (OPC UA's Good, Uncertain, Bad severities). */
public enum Quality {
    GOOD,
    UNCERTAIN,
    BAD
}
