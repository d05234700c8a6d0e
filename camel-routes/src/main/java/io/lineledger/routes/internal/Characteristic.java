package io.lineledger.routes.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A measured characteristic of a line ({@code characteristic.<name>.*}): the tag measuring it (one value per part),
 * where and in which unit, and the limits in force: a recipe's win over a product's, which win over the defaults.
 *
 * @param name     the configured name, e.g. {@code fillWeight}
 * @param tag      the tag name (a {@code tag.<name>} of the line)
 * @param station  where it is measured, for certificates
 * @param unit     unit, e.g. {@code g}; may be empty
 * @param limits   the default limits, or null when only products or recipes have limits
 * @param products limits per product id
 * @param recipes  limits per recipe id
 */
public record Characteristic(String name, String tag, String station, String unit, SpecLimits limits,
                             Map<String, SpecLimits> products, Map<String, SpecLimits> recipes) {

    public Characteristic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
        station = station == null ? "" : station;
        unit = unit == null ? "" : unit;
        products = Map.copyOf(products);
        recipes = Map.copyOf(recipes);
    }

    /** Limits for a batch of this product and recipe (either may be null); empty when none apply. */
    public Optional<SpecLimits> limitsFor(String product, String recipe) {
        if (recipe != null && recipes.containsKey(recipe)) {
            return Optional.of(recipes.get(recipe));
        }
        if (product != null && products.containsKey(product)) {
            return Optional.of(products.get(product));
        }
        return Optional.ofNullable(limits);
    }
}
