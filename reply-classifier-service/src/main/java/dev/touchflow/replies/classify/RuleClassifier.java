package dev.touchflow.replies.classify;

import dev.touchflow.replies.understand.AutoReplies;
import dev.touchflow.replies.understand.Bounce;
import dev.touchflow.replies.understand.BounceDetector;
import dev.touchflow.replies.understand.RawMail;
import dev.touchflow.replies.understand.ReplyText;
import dev.touchflow.replies.understand.ReturnDates;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The certain part of classification, by rules: delivery reports are {@code bounce}; automatic mail
 * is {@code out_of_office} when it speaks of an absence, else {@code auto_reply}; a person's absence
 * note is {@code out_of_office}; a plain request to stop is {@code unsubscribe}. Everything else is
 * left undecided for the statistical model or a person. Only the reply's new text is read, so an
 * unsubscribe footer in the quoted original does not count.
 */
public final class RuleClassifier {

    private static final Pattern ABSENCE = Pattern.compile(
            "out of (the )?office|\\bo\\.?o\\.?o\\b|on (annual |parental |maternity |paternity |sick |study )?leave|"
                    + "on holiday|on vacation|\\bvacation\\b|annual leave|away (from|until|over|on|till)|"
                    + "i('m| am) (away|out)|i will be out|sabbatical|honeymoon|public holiday|bank holiday|"
                    + "abwesend|nicht im büro|außer haus|im urlaub|urlaub|absente? du bureau|en congé|en vacances|"
                    + "fuera de la oficina|de vacaciones|fuori (ufficio|sede)|in ferie|assente|afwezig|met vakantie|"
                    + "ausente|de férias|em férias|nieobecn|na urlopie|urlop|back (in the office|on|at my desk)|"
                    + "will be back|wieder im (büro|unternehmen|haus)|ab .{0,20}wieder|à mon retour|de retour|elternzeit|"
                    + "mutterschutz|travel?ling|reduced hours|trade fair|\\babsente?\\b|congé|weer op kantoor|"
                    + "weer bereikbaar|de volta|estarei fora|tornerò|rientrerò",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /**
     * An automatic reply saying the person has left, in the eight languages. A mailbox that is merely
     * no longer read ("this address is no longer monitored") is not a person who left.
     */
    private static final Pattern LEFT_COMPANY = Pattern.compile(
            "no longer (with|at|part of|employed|working|works)|(has|have) (now )?left (the|our|this) (company|organi[sz]ation|firm|business|team)|"
                    + "left the company|is no longer an employee|"
                    + "nicht mehr (im unternehmen|bei uns|für uns|in unserem unternehmen|tätig|beschäftigt)|"
                    + "(hat|haben) (das unternehmen|die firma|uns) verlassen|ausgeschieden|"
                    + "ne fait plus partie|a quitté (la société|l'entreprise|le groupe|notre)|n'est plus (chez|dans|employé|en poste)|"
                    + "ya no (trabaja|forma parte|está en|pertenece)|ha dejado (la empresa|la compañía)|"
                    + "non (lavora|fa) più|ha lasciato (l'azienda|la società)|"
                    + "niet meer (werkzaam|in dienst|bij|verbonden)|(heeft|hebben) .{0,30}verlaten|"
                    + "(não|já não) (trabalha|faz parte)|deixou a (empresa|companhia)|"
                    + "nie pracuje już|już nie pracuje|(odszedł|odeszła|odeszli) z (firmy|naszej)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Words of a person who wants something from us now: not an absence note, whatever else it says. */
    private static final Pattern ASKS = Pattern.compile(
            "send me|call me|interested|caught my eye|let'?s|book|schedule|pricing|price|quote|deck|details|"
                    + "how much|can you|could you|would you|\\?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern STOP_ALONE = Pattern.compile(
            "^\\W*(stop|unsubscribe|unsubscibe|unsubcribe|remove|opt[- ]?out|stopp|abmelden|désabonner)\\W*(please|pls|now)?\\W*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Erase what you hold on me, in the eight languages; never "delete my old address and use this one". */
    private static final String ERASE_MINE =
            "\\b(delete|erase|remove|wipe|scrub|purge) (all )?(of )?my (?!old|previous|former|other)"
                    + "(\\p{L}+ )?(data|details|address|e-?mail|contact|info|information|number|name)"
                    + "|\\bl[öo]schen sie (bitte )?(alle |s[äa]mtliche |meine )(\\p{L}+ )?(daten|adresse|kontakt)"
                    + "|(supprimez|effacez) (toutes )?(mes|mon|ma) (?!ancien)"
                    + "|(borren|eliminen|supriman) (todos )?(mis|mi) (?!antigu)"
                    + "|(cancellate|eliminate|rimuovete) (tutti )?(i miei|il mio|la mia|le mie) (?!vecchi)"
                    + "|(verwijder|wis) (al )?(mijn) (?!oude)"
                    + "|(removam|apaguem|eliminem) (todos )?(o meu|os meus|a minha|as minhas) (?!antig)"
                    + "|usu[ńn](cie)? (wszystkie )?(moje|m[óo]j|moj[ąa]) (?!stary|star[ąe])";

    private static final Pattern STOP = Pattern.compile(
            "unsubscribe me|\\bremove me\\b(?! from (this|the) (thread|cc|loop|invite|meeting))(?!( from this( one)?)?,? and (write|talk|speak|reach out|contact|email) )|take me off(?! (this|the) (thread|cc|loop|invite|meeting))|remove (my|this) (e-?mail )?address|off your (mailing |e-?mail )?list|"
                    + "(from|off) (your|all your) (mailing |distribution |e-?mail )?(list|lists|database)|"
                    + "(?<!(n'?t|not|never|let'?s) )stop (e-?mailing|sending|contacting|writing)(?! (back and forth )?and (talk|call|meet|speak))|"
                    + "(don'?t|do not|never) (e-?mail|contact|write( to)?) me|\\bnot (to )?(send|e-?mail|write to|contact) (me|us) (any ?more|again)|"
                    + "i'?d like to opt out|\\bopt me out\\b|please opt out|stop the sequence|and stop\\b|"
                    + "delete (all )?(my|the) (personal )?data|erase my (details|data)|"
                    + ERASE_MINE + "|\\bgdpr\\b|this is spam|"
                    + "report (you|this)|reported\\b|"
                    + "dej[\\p{L}]* de (enviarme|escribirme|contactarme)|no me (manden|env[íi]en) (nada )?m[áa]s|no me (escriban|contacten|envíen)|darme de baja|"
                    + "retirer de (votre|vos) liste|ne m'envoyez plus|ne plus recevoir|ne plus (m'|nous )(envoyer|[ée]crire|contacter)|désinscri|me désabonner|"
                    + "uitschrijven|stuur (mij|me) (niets|geen \\p{L}+) meer|afmelden|geen (e-?mails|mails|berichten) meer|"
                    + "aus ihrem verteiler|schicken sie mir (nichts|keine \\p{L}+) mehr|aus dem verteiler|abmelden|austragen|keine (weiteren )?(e-?mails|nachrichten)|"
                    + "cancellatemi|cancellami|disiscriv|non (mi )?(scrivete|contattate)|non (mandatemi|scrivetemi|contattatemi|inviatemi) (pi[ùu]|nient|nulla)|non (mandarmi|scrivermi|contattarmi|inviarmi) pi[ùu]|"
                    + "descadastr|n[ãa]o me (mandem|enviem) (nada )?mais|remover (o )?meu|não (me )?(enviem|contactem)|deix(ar|em) de me (enviar|escrever|contactar)|"
                    + "wypisz|usuń (mnie|mój)|nie (wysyłajcie|piszcie)|przesta(ć|ńcie) (wysyłać|pisać) (mi|do mnie)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public Classification classify(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        RawMail mail = new RawMail(
                headers,
                headers.getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT),
                message.body() == null ? "" : message.body(),
                List.of(),
                List.of(),
                Map.of());
        Optional<Bounce> bounce = BounceDetector.detect(withSubjectAndFrom(mail, message));
        if (bounce.isPresent() && !"complaint".equals(bounce.get().kind())) {
            return Classification.of(bounce.get());
        }
        ReplyText text = ReplyText.of(message.body());
        String fresh = text.fresh().isBlank() ? (message.subject() == null ? "" : message.subject()) : text.fresh();
        boolean automatic = AutoReplies.automatic(message.headers(), message.subject());
        boolean absence = ABSENCE.matcher(fresh).find()
                || automatic
                        && ABSENCE.matcher(String.valueOf(message.subject())).find();
        LocalDate received = message.received();
        if (automatic) {
            return absence
                    ? new Classification(
                            "out_of_office",
                            0.97,
                            ReturnDates.find(fresh, received).orElse(null),
                            null,
                            "automatic reply speaking of an absence")
                    : LEFT_COMPANY.matcher(fresh).find()
                            ? new Classification(
                                    "auto_reply",
                                    0.95,
                                    null,
                                    null,
                                    "automatic reply saying the person has left the company",
                                    null,
                                    true)
                            : new Classification("auto_reply", 0.95, null, null, "automatic reply");
        }
        if (bounce.isPresent()) {
            return new Classification("unsubscribe", 0.97, null, null, "a complaint or one-tap unsubscribe");
        }
        if ((STOP_ALONE.matcher(fresh).matches() || STOP.matcher(fresh).find()) && !OptOutCues.asksToStay(fresh)) {
            return new Classification("unsubscribe", 0.95, null, null, "asks to stop all contact");
        }
        if (absence
                && !ASKS.matcher(fresh).find()
                && ReturnDates.find(fresh, received).isPresent()
                && fresh.length() < 600) {
            return new Classification(
                    "out_of_office",
                    0.9,
                    ReturnDates.find(fresh, received).orElse(null),
                    null,
                    "an absence note with a return date");
        }
        return Classification.undecided("no rule is certain; needs the model or a person");
    }

    private static RawMail withSubjectAndFrom(RawMail mail, Message message) {
        Map<String, String> headers = new LinkedHashMap<>(mail.headers());
        headers.putIfAbsent("subject", message.subject() == null ? "" : message.subject());
        headers.putIfAbsent("from", message.from() == null ? "" : message.from());
        return new RawMail(
                headers,
                mail.contentType(),
                mail.text(),
                mail.deliveryStatus(),
                mail.feedbackReport(),
                mail.originalHeaders());
    }

    /** One message to classify: what a real message gives, nothing more. */
    public record Message(String from, String subject, Map<String, String> headers, String body, LocalDate received) {

        public Message {
            headers = headers == null ? Map.of() : headers;
        }
    }
}
