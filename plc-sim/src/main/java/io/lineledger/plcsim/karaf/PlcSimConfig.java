package io.lineledger.plcsim.karaf;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.lineledger.plcsim} ({@code etc/io.lineledger.plcsim.cfg}); the simulator runs only when it exists. */
@ObjectClassDefinition(name = "LineLedger PLC simulator",
        description = "A simulated packaging plant served over OPC UA inside Karaf (demo and tests)")
public @interface PlcSimConfig {

    @AttributeDefinition(description = "TCP port of the OPC UA endpoint opc.tcp://<bind>:<port>/lineledger")
    int port() default 4840;

    @AttributeDefinition(description = "Address to listen on")
    String bind() default "127.0.0.1";

    @AttributeDefinition(description = "Random seed: the same seed and scenario give the same values and events; "
            + "0 = the scenario's own seed (1 if it has none)")
    long seed() default 0;

    @AttributeDefinition(description = "Path of a scenario YAML file; empty = the built-in default scenario",
            required = false)
    String scenario() default "";

    @AttributeDefinition(description = "Number of lines; 0 = as many as the scenario has")
    int lines() default 0;

    @AttributeDefinition(description = "Directory for the simulator's PKI files; empty = plc-sim under karaf.data",
            required = false)
    String dataDir() default "";
}
