package dev.touchflow.replies.understand;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a message was sent by a machine on a person's behalf: RFC 3834 {@code Auto-Submitted}
 * (anything but {@code no}), {@code X-Autoreply}, {@code X-Autorespond}, {@code Precedence:
 * auto_reply|bulk|junk}, or an automatic-reply subject in English, German, French, Spanish, Italian,
 * Dutch, Portuguese or Polish.
 */
public final class AutoReplies {

    private static final Pattern SUBJECT = Pattern.compile(
            "^\\s*(automatic reply|auto(matic)?[- ]?(reply|response|antwort)|autoreply|auto:|out of (the )?office|"
                    + "abwesenheitsnotiz|automatische antwort|abwesend|réponse automatique|reponse automatique|"
                    + "absence|absent|respuesta automática|respuesta automatica|fuera de la oficina|"
                    + "risposta automatica|fuori ufficio|assente|automatisch antwoord|afwezig|afwezigheid|"
                    + "resposta automática|resposta automatica|ausente|fora do escritório|"
                    + "odpowiedź automatyczna|odpowiedz automatyczna|nieobecność|nieobecnosc|autoodpowiedź)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private AutoReplies() {}

    public static boolean automatic(Map<String, String> headers, String subject) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value == null ? "" : value.strip()));
        String submitted = lower.get("auto-submitted");
        if (submitted != null && !submitted.toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (lower.containsKey("x-autoreply")
                || lower.containsKey("x-autorespond")
                || lower.containsKey("x-autoresponse")) {
            return true;
        }
        String precedence = lower.getOrDefault("precedence", "").toLowerCase(Locale.ROOT);
        if (precedence.equals("auto_reply") || precedence.equals("bulk") || precedence.equals("junk")) {
            return true;
        }
        return subject != null && SUBJECT.matcher(subject).find();
    }
}
