package dev.touchflow.replies.understand;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Email addresses as they appear in headers and text, wherever a reply is read. */
public final class Addresses {

    /** An address as mail servers write them, bounce addresses ({@code bounce+x=y@…}) included. */
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'=/-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private Addresses() {
    }

    /** The first address in a header value or text, lower case; null when there is none. */
    public static String first(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = ADDRESS.matcher(value);
        return matcher.find() ? matcher.group().toLowerCase(Locale.ROOT) : null;
    }
}
