package dev.touchflow.replies.classify;

import dev.touchflow.replies.understand.Referrals;
import dev.touchflow.replies.understand.ReturnDates;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the model reads of a reply: its words and word pairs, and whether it asks a question, names a
 * time, a weekday, a link, another address or a date.
 */
final class ReplyFeatures {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final Pattern TIME = Pattern.compile(
            "\\b\\d{1,2}([:.]\\d{2})?\\s?(am|pm|uhr|h)\\b|\\b\\d{1,2}[:.]\\d{2}\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKDAY = Pattern.compile(
            "\\b(monday|tuesday|wednesday|thursday|friday|montag|dienstag|"
                    + "mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|lunes|martes|miércoles|jueves|viernes|"
                    + "lunedì|martedì|mercoledì|giovedì|venerdì|maandag|dinsdag|woensdag|donderdag|vrijdag|segunda|terça|"
                    + "quarta|quinta|sexta|poniedziałek|wtorek|środa|czwartek|piątek|tomorrow|morgen|demain|mañana|domani)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LINK =
            Pattern.compile("https?://|calendly|cal\\.com|\\bzoom\\b|\\bteams\\b", Pattern.CASE_INSENSITIVE);

    private ReplyFeatures() {}

    static Map<String, Double> of(String text, String sender, LocalDate received) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        Map<String, Double> features = new TreeMap<>();
        String previous = null;
        var tokens = TOKEN.matcher(lower);
        while (tokens.find()) {
            String token = tokens.group();
            features.put("w=" + token, 1.0);

            if (previous != null) {
                features.put("b=" + previous + "_" + token, 1.0);
            }
            previous = token;
        }
        if (lower.contains("?")) {
            features.put("has_question", 1.0);
        }
        if (TIME.matcher(lower).find()) {
            features.put("has_time", 1.0);
        }
        if (WEEKDAY.matcher(lower).find()) {
            features.put("has_weekday", 1.0);
        }
        if (LINK.matcher(lower).find()) {
            features.put("has_link", 1.0);
        }
        if (Referrals.find(text, sender).isPresent()) {
            features.put("has_other_address", 1.0);
        }
        if (ReturnDates.find(text, received).isPresent()) {
            features.put("has_date", 1.0);
        }
        features.put("bias", 1.0);
        return features;
    }
}
