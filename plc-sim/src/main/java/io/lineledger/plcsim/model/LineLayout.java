package io.lineledger.plcsim.model;

import java.util.List;

/**
 * The address space of one line: the line object, its stations in the order parts pass them, and every tag.
 *
 * @param line     line name, e.g. {@code Line1}
 * @param stations station names
 * @param tags     line tags ({@code Line1.X}) and station tags ({@code Line1.Filler.X})
 */
public record LineLayout(String line, List<String> stations, List<TagInfo> tags) {

    public LineLayout {
        stations = List.copyOf(stations);
        tags = List.copyOf(tags);
    }
}
