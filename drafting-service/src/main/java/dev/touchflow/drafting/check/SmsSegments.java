package dev.touchflow.drafting.check;

/**
 * The segments an SMS takes: 160 GSM-7 septets alone or 153 each when concatenated (an extended
 * character takes two), 70 UCS-2 units alone or 67 each.
 */
record SmsSegments(String encoding, int count) {

    private static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENDED = "^{}\\[~]|€\f";

    /** How many SMS segments a text takes: GSM-7 when every character has a GSM-7 code, else UCS-2. */
    static SmsSegments of(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length() && gsm; i++) {
            char c = text.charAt(i);
            if (GSM7.indexOf(c) >= 0) {
                septets++;
            } else if (GSM7_EXTENDED.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
            }
        }
        if (gsm) {
            return new SmsSegments("GSM-7", septets <= 160 ? 1 : (septets + 152) / 153);
        }
        int units = text.length();
        return new SmsSegments("UCS-2", units <= 70 ? 1 : (units + 66) / 67);
    }
}
