package io.lineledger.plcsim.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A product and the spec of each characteristic it is made to. */
public record Recipe(String product, Map<Characteristic, Spec> specs) {

    public Recipe {
        if (product == null || product.isBlank()) {
            throw new IllegalArgumentException("recipe needs a product name: " + product);
        }
        Objects.requireNonNull(specs, "specs");
        specs = specs.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(specs));
    }

    /** The spec of {@code characteristic}, or null when this product does not define it. */
    public Spec spec(Characteristic characteristic) {
        return specs.get(characteristic);
    }
}
