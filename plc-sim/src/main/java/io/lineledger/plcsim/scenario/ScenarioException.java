package io.lineledger.plcsim.scenario;

/** A scenario file that cannot run: names the file, line, column and field (lines and columns from 1). */
public final class ScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String field;

    public ScenarioException(String source, int line, int column, String field, String problem) {
        super(source + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The field's path, e.g. {@code lines[1].stations[2]}. */
    public String field() {
        return field;
    }
}
