package io.klassic.tools.cli;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Lays out a tool's help screen as Apache Kafka's tools print it (jopt-simple's built-in layout, 80 columns):
 *
 * <pre>
 * Option                                   Description
 * ------                                   -----------
 * --bootstrap-server &lt;String: server to    REQUIRED: The Kafka server to connect
 *   connect to&gt;                              to.
 * </pre>
 *
 * Options are sorted by name. The left cell is {@code --name} ({@code -n} for a one-letter name), followed for options with an argument by
 * {@code <Type: description>} (required) or {@code [Type: description]} (optional); the right cell is the
 * description followed by {@code (default: x)}. The option column is as wide as the widest option text, at most
 * 39 characters; the description column wraps at what is left of 80 characters after a 2-space separator. Text
 * wraps at word boundaries ({@link BreakIterator} line breaks: spaces, after hyphens, ...); a wrapped line is
 * indented by two spaces; each line break in a description starts a new, unindented line. Cells are padded
 * with spaces: the option column to its width (or to its widest line if narrower), the description column to
 * its widest line.
 *
 * <p>Stateless and thread-safe.
 */
final class HelpFormatter {

    private static final int OVERALL_WIDTH = 80;
    private static final int SEPARATOR_WIDTH = 2;
    private static final String INDENT = "  ";

    private HelpFormatter() {
    }

    static String format(List<OptionSpec<?>> options) {
        List<OptionSpec<?>> sorted = new ArrayList<>(options);
        sorted.sort(Comparator.comparing(OptionSpec::name));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Option", "Description"});
        rows.add(new String[] {"------", "-----------"});
        for (OptionSpec<?> spec : sorted) {
            rows.add(new String[] {optionText(spec), descriptionText(spec)});
        }

        int widestOption = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int optionWidth = Math.min((OVERALL_WIDTH - SEPARATOR_WIDTH) / 2, widestOption);
        int descriptionWidth = OVERALL_WIDTH - optionWidth - SEPARATOR_WIDTH;

        List<List<String>> optionPieces = new ArrayList<>();
        List<List<String>> descriptionPieces = new ArrayList<>();
        int optionPad = 0;
        int descriptionPad = 0;
        for (String[] row : rows) {
            List<String> left = wrap(row[0], optionWidth);
            List<String> right = wrap(row[1], descriptionWidth);
            optionPieces.add(left);
            descriptionPieces.add(right);
            optionPad = Math.max(optionPad, left.stream().mapToInt(String::length).max().orElse(0));
            descriptionPad = Math.max(descriptionPad, right.stream().mapToInt(String::length).max().orElse(0));
        }
        optionPad = Math.min(optionPad, optionWidth);

        StringBuilder out = new StringBuilder();
        String lineSeparator = System.lineSeparator();
        for (int r = 0; r < rows.size(); r++) {
            List<String> left = optionPieces.get(r);
            List<String> right = descriptionPieces.get(r);
            int lines = Math.max(left.size(), right.size());
            for (int l = 0; l < lines; l++) {
                out.append(pad(l < left.size() ? left.get(l) : "", optionPad));
                out.append(" ".repeat(SEPARATOR_WIDTH));
                out.append(pad(l < right.size() ? right.get(l) : "", descriptionPad));
                out.append(lineSeparator);
            }
        }
        return out.toString();
    }

    static String optionText(OptionSpec<?> spec) {
        StringBuilder text = new StringBuilder(spec.name().length() == 1 ? "-" : "--").append(spec.name());
        if (spec.takesArgument()) {
            boolean required = spec.argumentMode() == OptionSpec.ArgumentMode.REQUIRED;
            text.append(' ').append(required ? '<' : '[');
            text.append(spec.type().getSimpleName());
            if (!spec.argumentDescription().isEmpty()) {
                text.append(": ").append(spec.argumentDescription());
            }
            text.append(required ? '>' : ']');
        }
        return text.toString();
    }

    static String descriptionText(OptionSpec<?> spec) {
        List<?> defaults = spec.defaultValues();
        if (defaults.isEmpty()) {
            return spec.description();
        }
        String shown = defaults.size() == 1 ? String.valueOf(defaults.get(0)) : defaults.toString();
        String prefix = spec.description().isEmpty() ? "" : spec.description() + " ";
        return prefix + "(default: " + shown + ")";
    }

    /** Splits {@code text} into lines of at most {@code width} characters where word breaks allow. */
    static List<String> wrap(String text, int width) {
        List<String> pieces = new ArrayList<>();
        for (String paragraph : text.trim().split("\n", -1)) {
            wrapParagraph(paragraph, width, pieces);
        }
        return pieces;
    }

    private static void wrapParagraph(String paragraph, int width, List<String> pieces) {
        if (paragraph.isEmpty()) {
            pieces.add("");
            return;
        }
        BreakIterator words = BreakIterator.getLineInstance(Locale.US);
        words.setText(paragraph);
        StringBuilder piece = new StringBuilder();
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            String word = paragraph.substring(start, end);
            if (piece.length() + word.length() > width && piece.length() > 0) {
                addPiece(pieces, piece);
                piece = new StringBuilder(INDENT);
            }
            piece.append(word);
        }
        addPiece(pieces, piece);
    }

    /** Adds a line without its trailing spaces. */
    private static void addPiece(List<String> pieces, CharSequence piece) {
        int end = piece.length();
        while (end > 0 && piece.charAt(end - 1) == ' ') {
            end--;
        }
        pieces.add(piece.subSequence(0, end).toString());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
