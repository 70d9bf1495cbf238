package io.github.threadpool.sample.ops;

import java.util.Map;

/**
 * Rewrites PromQL expressions the way the fleet test needs them. Not a parser: it knows only the
 * difference between an expression's operators and its label matchers and strings.
 */
final class PromQl {

    private PromQl() {
    }

    /**
     * The expression with {@code bool} after every comparison operator, so that a condition such as
     * {@code x > 0.8} yields 0 or 1 for every series instead of keeping only the series where it holds. An
     * alert's condition returns data only while it fires; with {@code bool} it returns data whenever the
     * series, functions and label matching it relies on work, which is what can be checked against a
     * healthy fleet (promtool's unit tests check when it fires).
     */
    static String withBoolComparisons(String expr) {
        StringBuilder out = new StringBuilder(expr.length() + 16);
        int braces = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            out.append(c);
            if (quote != 0) {
                if (c == '\\' && i + 1 < expr.length()) {
                    out.append(expr.charAt(++i));
                }
                else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '{' -> braces++;
                case '}' -> braces--;
                case '=', '!', '<', '>' -> {
                    if (braces > 0) {
                        continue; // a label matcher: =, !=, =~, !~
                    }
                    char next = (i + 1 < expr.length()) ? expr.charAt(i + 1) : 0;
                    if (next == '=') {
                        out.append(next); // ==, !=, <=, >=
                        i++;
                    }
                    else if (c == '=' || c == '!') {
                        throw new IllegalArgumentException("Not a comparison at " + i + " of: " + expr);
                    }
                    if (!expr.substring(i + 1).stripLeading().startsWith("bool")) {
                        out.append(" bool");
                    }
                }
                default -> {
                }
            }
        }
        return out.toString();
    }

    /**
     * A Grafana query with its template variables replaced by the given values ({@code $name} or
     * {@code ${name}}); fails on any variable left, so a new one is never sent to Prometheus unreplaced.
     */
    static String withVariables(String expr, Map<String, String> values) {
        String result = expr;
        for (Map.Entry<String, String> variable : values.entrySet()) {
            result = result.replace("${" + variable.getKey() + "}", variable.getValue())
                .replaceAll("\\$" + java.util.regex.Pattern.quote(variable.getKey()) + "\\b",
                        java.util.regex.Matcher.quoteReplacement(variable.getValue()));
        }
        if (result.contains("$")) {
            throw new IllegalArgumentException("A template variable without a value in: " + expr + " (values: "
                    + values.keySet() + ")");
        }
        return result;
    }

}
