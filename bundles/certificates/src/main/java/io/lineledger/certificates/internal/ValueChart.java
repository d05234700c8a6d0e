package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small run chart of a characteristic's values against its limits, as geometry (origin top left, y down) that the
 * page draws as inline SVG and the PDF with its own operators. Long batches are drawn per column as the lowest and
 * highest value in it, so no value outside the limits disappears from the picture.
 *
 * @param points the values in sequence order, scaled into the box
 * @param lslY   y of the lower spec limit, null without one; likewise {@code uslY}, {@code meanY}
 */
record ValueChart(double width, double height, List<Point> points, Double lslY, Double uslY, Double meanY) {

    /** One value (or the low or high end of a column of values) and whether it is out of spec. */
    record Point(double x, double y, boolean outOfSpec) {
    }

    /** Up to this many values are drawn one by one, each with a dot. */
    static final int DOTS = 60;

    static ValueChart of(CharacteristicRow c, double width, double height) {
        List<Double> values = c.values();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (Double limit : new Double[] {c.lsl(), c.usl()}) {
            if (limit != null) {
                lo = Math.min(lo, limit);
                hi = Math.max(hi, limit);
            }
        }
        if (lo > hi) {
            return new ValueChart(width, height, List.of(), null, null, null);
        }
        double pad = hi > lo ? (hi - lo) * 0.12 : Math.max(1e-9, Math.abs(hi) * 0.01);
        Scale scale = new Scale(lo - pad, hi + pad, height);
        List<Point> points = new ArrayList<>();
        int n = values.size();
        int columns = (int) Math.max(2, width / 2);
        if (n <= columns) {
            for (int i = 0; i < n; i++) {
                double x = n == 1 ? width / 2 : i * width / (n - 1);
                double v = values.get(i);
                points.add(new Point(x, scale.y(v), outOfSpec(c, v)));
            }
        } else {
            for (int col = 0; col < columns; col++) {
                int from = (int) ((long) col * n / columns);
                int to = (int) ((long) (col + 1) * n / columns);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    min = Math.min(min, values.get(i));
                    max = Math.max(max, values.get(i));
                }
                double x = col * width / (columns - 1);
                points.add(new Point(x, scale.y(min), outOfSpec(c, min)));
                points.add(new Point(x, scale.y(max), outOfSpec(c, max)));
            }
        }
        Double mean = c.statistics().mean();
        return new ValueChart(width, height, List.copyOf(points), c.lsl() == null ? null : scale.y(c.lsl()),
                c.usl() == null ? null : scale.y(c.usl()), mean == null ? null : scale.y(mean));
    }

    private static boolean outOfSpec(CharacteristicRow c, double v) {
        return c.lsl() != null && v < c.lsl() || c.usl() != null && v > c.usl();
    }

    private record Scale(double lo, double hi, double height) {
        double y(double v) {
            return height - (v - lo) / (hi - lo) * height;
        }
    }

    boolean dots() {
        return points.size() <= DOTS;
    }

    /** Inline SVG: no script, no external reference, so the page's Content-Security-Policy allows it. */
    String svg(String label) {
        StringBuilder s = new StringBuilder(1024);
        s.append("<svg class=\"chart\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f6f8fa\"/>");
        limit(s, lslY, "#cf222e", "4 2");
        limit(s, uslY, "#cf222e", "4 2");
        limit(s, meanY, "#8c959f", "1 2");
        if (!points.isEmpty()) {
            s.append("<polyline fill=\"none\" stroke=\"#0550ae\" stroke-width=\"1\" points=\"");
            for (int i = 0; i < points.size(); i++) {
                s.append(i == 0 ? "" : " ").append(n(points.get(i).x())).append(',').append(n(points.get(i).y()));
            }
            s.append("\"/>");
            for (Point p : points) {
                if (p.outOfSpec() || dots()) {
                    s.append("<circle cx=\"").append(n(p.x())).append("\" cy=\"").append(n(p.y())).append("\" r=\"")
                            .append(p.outOfSpec() ? "2.5" : "1.5").append("\" fill=\"")
                            .append(p.outOfSpec() ? "#cf222e" : "#0550ae").append("\"/>");
                }
            }
        }
        return s.append("</svg>").toString();
    }

    private void limit(StringBuilder s, Double y, String colour, String dash) {
        if (y != null) {
            s.append("<line x1=\"0\" x2=\"").append(n(width)).append("\" y1=\"").append(n(y)).append("\" y2=\"")
                    .append(n(y)).append("\" stroke=\"").append(colour).append("\" stroke-dasharray=\"").append(dash)
                    .append("\"/>");
        }
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
