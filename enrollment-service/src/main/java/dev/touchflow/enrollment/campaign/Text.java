package dev.touchflow.enrollment.campaign;

/** Checks on text from outside that ends up in mail headers, pages and logs. */
public final class Text {

    private Text() {}

    /** Whether the text holds a control character (CR, LF, NUL, ESC, …); a tab counts too. */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
