package dev.transfermonitor.detection.rulesfile;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A rules file that cannot be used. Carries every problem found, not just the first, so one
 * start-up attempt shows the operator all there is to fix; each names the file, the line and
 * the field path ({@code burst.thresholds.PERSONAL.records}, {@code suppressions[0].type}).
 * {@link #source()}, {@link #line()} and {@link #field()} are those of the first problem.
 */
public final class RulesFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    RulesFileException(List<Problem> problems, Throwable cause) {
        super(format(problems), cause);
        this.problems = List.copyOf(problems);
    }

    RulesFileException(Problem problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    /** The problems in the order found (mostly file order), at least one. */
    public List<Problem> problems() {
        return problems;
    }

    /** The file name as given to the loader. */
    public String source() {
        return problems.get(0).source();
    }

    /** 1-based line of the first problem, 0 when it has no place in the file (unreadable, empty). */
    public int line() {
        return problems.get(0).line();
    }

    /** Dotted field path of the first problem, or null when it is not about one field (a syntax error). */
    public String field() {
        return problems.get(0).field();
    }

    private static String format(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rules file exception needs at least one problem");
        }
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    /**
     * One thing wrong in a rules file.
     *
     * @param source the file name, as given to the loader
     * @param line   1-based line, 0 when the problem has no place in the file (unreadable file)
     * @param field  dotted field path, or null when the problem is not about one field (a syntax error)
     * @param detail what is wrong, without the location
     */
    public record Problem(String source, int line, String field, String detail) implements Serializable {
        public Problem {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(detail, "detail");
        }

        /** {@code rules.yml line 12, field 'burst.window': expected a duration ...}, on one line. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(source);
            if (line > 0) {
                text.append(" line ").append(line);
            }
            if (field != null) {
                text.append(line > 0 ? ", " : " ")
                        .append("field '")
                        .append(field)
                        .append('\'');
            }
            text.append(": ").append(detail);
            return text.toString().replace('\r', ' ').replace('\n', ' ');
        }
    }
}
