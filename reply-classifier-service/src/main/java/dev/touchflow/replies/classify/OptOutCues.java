package dev.touchflow.replies.classify;

import java.util.regex.Pattern;

/**
 * Words without which a reply is not read as an opt-out by the model alone: an act of stopping,
 * removing, erasing or forgetting, a list or a subscription, no more of something, spam, a complaint,
 * a lawyer or a regulator, being left alone, in the eight languages. Broad on purpose (the model
 * decides; the cue only keeps it from calling a reply with none of these an opt-out because its other
 * words resemble one), and stems, so inflections match.
 */
final class OptOutCues {

    private static final Pattern CUE = Pattern.compile(String.join("|",
            // English
            "\\bstop", "\\bquit", "\\bcease", "knock it off", "cut it out", "\\benough\\b", "\\bremov", "\\bdelet", "\\berase",
            "\\bforget", "\\bpurge", "unsub", "opt.?out", "\\blists?\\b", "mailing", "\\bno (more|further)\\b", "(last|final) (time|warning)", "had it with", "give it a rest", "lay off", "make it stop", "never (signed|agreed|asked|subscribed|opted|gave)",
            "\\bany more\\b", "\\banymore\\b", "(me|us|this address) again", "\\bspam", "\\breport", "complain", "\\blawyer", "solicitor",
            "legal", "\\bsue\\b", "harass", "alone", "go away", "do.not.contact", "\\bleave me\\b", "\\bleft off\\b",
            "\\bout of\\b", "\\boff\\b", "rather not", "prefer not", "(don'?t|do not) (want|wish)",
            // German
            "aufh[öo]r", "h[öo]ren sie auf", "lassen sie (das|es|mich)", "schluss", "reicht", "entfern", "l[öo]sch",
            "streich", "austrag", "abmeld", "melden sie mich ab", "verteiler", "liste", "nicht mehr", "keine (weitere|mehr)",
            "nie wieder", "k[üu]nftig kein", "spam", "anwalt", "abmahn", "beh[öo]rde", "ruhe", "unterlass", "widersprech",
            "sehen sie von", "zusendung", "mahn", "letzte[sn]? (mal|warnung)",
            // French
            "arr[êe]t", "cess", "suffit", "retir", "supprim", "effac", "oubli", "d[ée]sabonn", "d[ée]sinscri", "liste",
            "ne plus", "\\bplus (de|rien|jamais)\\b", "jamais", "spam", "signal", "plainte", "avocat", "cnil", "harcel",
            "tranquille", "sollicit", "rayez", "ne (me|nous) [\\p{L}']+ plus", "derni[èe]re fois",
            // Spanish
            "dej(en|ar|e) de", "paren", "basta", "quit(en|ar|e)", "elimin", "borr", "olvid", "\\bbaja\\b", "[úu]ltima vez", "lista", "no m[áa]s",
            "nunca", "spam", "denunci", "abogado", "moleste", "en paz", "no (deseo|quiero) (recibir|seguir)", "saquen",
            // Italian
            "smett", "basta", "togli", "rimuov", "cancell", "dimentic", "disiscriv", "lista", "pi[ùu]\\b", "mai\\b",
            "spam", "segnal", "denunc", "avvocat", "garante", "in pace", "non (desidero|voglio) ricevere", "ultima volta",
            // Dutch
            "\\bstop", "hou op", "genoeg", "verwijder", "\\bwis\\b", "vergeet", "uitschrijv", "schrijf .{0,30}\\buit\\b", "laatste keer", "afmeld",
            "lijst", "niet meer", "geen .{0,20}meer", "nooit", "spam", "meld", "klacht", "advocaat", "autoriteit",
            "met rust", "spuugzat", "\\bhaal",
            // Portuguese
            "parem", "chega", "basta", "retir", "apag", "remov", "esque[çc]", "cancel", "subscri", "lista", "n[ãa]o .{0,30}mais",
            "nunca", "spam", "queixa", "denunci", "advogado", "cnpd", "em paz", "deixem de", "tirem", "[úu]ltima vez",
            // Polish
            "przesta", "do[śs][ćc]", "koniec", "usu[ńn]", "wypis", "zapomn", "list", "wi[ęe]cej", "nigdy", "spam",
            "zg[łl]os", "zg[łl]asz", "prawnik", "uodo", "ostatni raz", "spok[óo]j", "nie (chc[ęe]|wysy[łl]a|piszcie|przysy[łl]a)"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private OptOutCues() {
    }

    static String which(String text) {
        var m = CUE.matcher(text == null ? "" : text);
        return m.find() ? m.group() : null;
    }

    static boolean present(String text) {
        return text != null && CUE.matcher(text).find();
    }
}
