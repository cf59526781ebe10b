package dev.touchflow.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's {@code --name value} options; a mistake is an {@link IllegalArgumentException} naming it. */
public final class CommandOptions {

    private final Map<String, String> values;

    private CommandOptions(Map<String, String> values) {
        this.values = values;
    }

    /** The options given, each one of {@code names} and followed by its value. */
    public static CommandOptions parse(List<String> args, Set<String> names) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name, args.get(i + 1));
        }
        return new CommandOptions(values);
    }

    /** The option's value as given, or the fallback when not given. */
    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A positive number, or the fallback when not given. */
    public double positive(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // named below
        }
        throw new IllegalArgumentException(name + " needs a positive number, not " + value);
    }

    /** A whole number, or the fallback when not given. */
    public long whole(String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, not " + value);
        }
    }

    /** {@code true} or {@code false}, or the fallback when not given. */
    public boolean yesOrNo(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " needs true or false, not " + value);
    }
}
