package dev.touchflow.replies.understand;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Email addresses as they appear in headers and text, wherever a reply is read. */
public final class Addresses {

    /** An address as mail servers write them, bounce addresses ({@code bounce+x=y@…}) included. */
    /**
     * An address in text, with bounded parts (a local part of at most 64 characters starting where a run
     * of address characters starts, at most 126 labels of at most 63): linear on any input. The unbounded
     * form took 20 s on 60 KB of {@code a@b.1b.1…} and overflowed the stack on similar text.
     */
    static final Pattern ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+'=/-])[A-Za-z0-9._%+'=/-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,126}[A-Za-z]{2,63}");

    private Addresses() {}

    /** The first address in a header value or text, lower case; null when there is none. */
    public static String first(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = ADDRESS.matcher(value);
        return matcher.find() ? matcher.group().toLowerCase(Locale.ROOT) : null;
    }
}
