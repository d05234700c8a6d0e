package io.lineledger.opcua.internal;

import java.util.Map;

/** Where line configurations are handed to the one OPC UA source (a service inside this bundle only). */
interface LineRegistry {

    /**
     * Starts or restarts the line of a configuration.
     *
     * @throws IllegalArgumentException naming the configuration, key and value; or both configurations when the
     *                                  line id is taken
     */
    void put(String configuration, Map<String, ?> properties);

    /** Stops the line of a configuration; subscriptions to it wait for it to come back. */
    void remove(String configuration);
}
