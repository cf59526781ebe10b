package dev.touchflow.replies.understand;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A reply's own words, apart from the quoted original and the signature below them: only the new
 * text is classified, so an unsubscribe link in the quoted original does not make a reply an
 * unsubscribe. Recognises the attribution lines and separators of the common mail clients in
 * English, German, French, Spanish, Italian, Dutch, Portuguese and Polish, Outlook's header blocks,
 * and {@code >} quoting.
 *
 * @param fresh     what the sender wrote now
 * @param quoted    the quoted original, if any
 * @param signature the signature block, if one was recognised
 */
public record ReplyText(String fresh, String quoted, String signature) {

    private static final String VERBS = "(wrote|schrieb|a écrit|a ecrit|escribió|escribio|ha scritto|scritto|schreef|"
            + "escreveu|pisze|napisał|napisała|napisal)";
    /** "… wrote:" ending a line, whatever came before it. */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^.*\\b" + VERBS + "\\s*(\\(a\\))?\\s*:\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** "On <date> … wrote <name>:" and the like, starting with the words the clients use, a date in it. */
    private static final Pattern ATTRIBUTION_START =
            Pattern.compile("^\\s*(on|am|le|el|il giorno|il|op|em|w dniu|dnia)\\s.*\\d.*", Pattern.CASE_INSENSITIVE);

    private static final Pattern VERB = Pattern.compile(
            "\\b" + VERBS + "\\b.*:\\s*$|\\b" + VERBS + "\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Possessive where two runs of white space meet, so a long blank line costs linear time, not quadratic. */
    private static final Pattern SEPARATOR = Pattern.compile(
            "^\\s*+(-{2,}|_{5,}|={5,})?\\s*(original message( follows)?|original message headers|forwarded message|"
                    + "ursprüngliche nachricht|urspruengliche nachricht|weitergeleitete nachricht|message d'origine|"
                    + "message original|mensaje original|messaggio originale|oorspronkelijk bericht|"
                    + "mensagem original|wiadomość oryginalna|oryginalna wiadomość)\\s*+(-{2,}|:)?\\s*$|^\\s*+_{10,}\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern HEADER_FROM =
            Pattern.compile("^\\s*\\*?(from|von|de|da|van|od|från|fra)\\s?\\*?:\\s*.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_NEXT = Pattern.compile(
            "^\\s*\\*?(sent|date|to|subject|gesendet|datum|an|betreff|envoyé|date|à|objet|enviado|fecha|para|asunto|"
                    + "inviato|data|a|oggetto|verzonden|datum|aan|onderwerp|assunto|wysłano|data|do|temat)\\s?\\*?:.*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern SIGNATURE = Pattern.compile(
            "^(-- ?|sent from my .+|get outlook for .+|von meinem .+ gesendet|envoyé de mon .+|enviado desde mi .+|"
                    + "inviato da .+|verzonden vanaf .+|enviado do meu .+|wysłane z .+)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /**
     * A line that closes the reply (a sign-off, alone on its line, in the eight languages) or opens a
     * legal footer: what follows is the sender's signature, not what they say. Only after some text, so a
     * reply that is nothing but "Thanks!" keeps its words.
     */
    private static final Pattern SIGN_OFF = Pattern.compile(
            "^\\W*((kind|best|warm|many)( regards)?|regards|thanks( again)?|thank you|cheers|sincerely|yours( sincerely| truly)?|"
                    + "(mit )?(freundlichen|besten|vielen|viele|beste|liebe|herzliche) grüßen?|grüße|mfg|lg|"
                    + "(bien )?cordialement|bien à vous|sincères salutations|salutations|"
                    + "(un )?saludos?( cordiales)?|atentamente|un abrazo|cordiali saluti|distinti saluti|saluti|"
                    + "(met )?vriendelijke groet(en)?|groeten|hartelijke groet(en)?|"
                    + "atenciosamente|(com os )?(melhores )?cumprimentos|abraços?|"
                    + "pozdrawiam( serdecznie)?|z poważaniem|z wyrazami szacunku)(\\W+(/|\\|).*)?\\W*$"
                    + "|^\\W*(disclaimer|confidentiality notice|this (e-?mail|message) (and any attachments )?(is|are|may)).*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public static ReplyText of(String body) {
        List<String> lines = List.of((body == null ? "" : body)
                .replace("\r\n", "\n")
                .replace('\r', '\n')
                .split("\n", -1));
        int quoteStart = quoteStart(lines);
        List<String> own = lines.subList(0, quoteStart);
        String quoted =
                String.join("\n", lines.subList(quoteStart, lines.size())).strip();
        int signatureStart = own.size();
        for (int i = 0; i < own.size(); i++) {
            if (SIGNATURE
                            .matcher(
                                    own.get(i).strip().isEmpty()
                                            ? ""
                                            : own.get(i).stripTrailing())
                            .matches()
                    || own.get(i).equals("-- ")
                    || SIGN_OFF.matcher(own.get(i).strip()).matches() && hasText(own.subList(0, i))) {
                signatureStart = i;
                break;
            }
        }
        String fresh = String.join("\n", own.subList(0, signatureStart)).strip();
        String signature =
                String.join("\n", own.subList(signatureStart, own.size())).strip();
        return new ReplyText(fresh, quoted, signature);
    }

    private static int quoteStart(List<String> lines) {
        boolean seenOwnText = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            boolean starts = ATTRIBUTION_START.matcher(line).matches();
            if (ATTRIBUTION.matcher(line).matches()
                    || starts && VERB.matcher(line).find()
                    || starts
                            && (ATTRIBUTION.matcher(next).matches()
                                    || VERB.matcher(line + " " + next).find())) {
                return i;
            }
            if (SEPARATOR.matcher(line).matches()) {
                return i;
            }
            if (HEADER_FROM.matcher(line).matches() && followedByHeaders(lines, i)) {
                return i;
            }
            if (line.startsWith(">") && seenOwnText) {
                return i;
            }
            seenOwnText |= !line.isBlank() && !line.startsWith(">");
        }
        return lines.size();
    }

    private static boolean followedByHeaders(List<String> lines, int from) {
        int headers = 0;
        for (int i = from + 1; i < Math.min(lines.size(), from + 5); i++) {
            if (HEADER_NEXT.matcher(lines.get(i)).matches()) {
                headers++;
            }
        }
        return headers >= 2;
    }

    private static boolean hasText(List<String> lines) {
        return lines.stream().anyMatch(line -> line.codePoints().anyMatch(Character::isLetter));
    }
}
