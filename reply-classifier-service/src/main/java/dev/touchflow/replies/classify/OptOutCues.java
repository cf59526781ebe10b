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
            // English: stop, remove, forget, lists, no more, spam and complaints, being left alone
            "\\bstop", "\\bquit", "\\bcease", "knock it off", "cut it out", "give it a rest", "lay off", "\\benough\\b",
            "had it with", "\\bremov", "\\bdelet", "\\berase", "\\bwipe", "\\bpurge", "\\bforget", "\\bdrop (me|us)",
            "take (me|us) (off|out)", "unsub", "opt.?out", "\\blists?\\b", "mailing", "\\bno (more|further)\\b",
            "\\bany ?more\\b", "(me|us|this address) again", "(last|final) (time|warning)", "never (signed|agreed|asked|"
                    + "subscribed|opted|gave)", "\\bspam", "\\breport", "complain", "\\blawyer", "solicitor", "legal",
            "\\bsue\\b", "harass", "alone", "go away", "do.not.contact", "\\bleave me\\b", "\\bleft off\\b", "\\bout of\\b",
            "\\boff\\b", "rather not", "prefer not", "(don'?t|do not) (want|wish)", "unwanted", "unsolicited",
            // German, separable verbs too (hören … auf, tragen … aus, melden … ab)
            "aufh[öo]r", "h[öo]r(en|t) .{0,40}\\bauf\\b", "lassen sie (das|es|mich)", "schluss", "reicht", "entfern", "l[öo]sch",
            "streich", "austrag", "trag(en|t) .{0,40}\\baus\\b", "abmeld", "meld(en|et) .{0,40}\\bab\\b", "verteiler", "liste",
            "nicht mehr", "kein.{0,30}\\bmehr\\b", "keine weiter", "nie wieder", "k[üu]nftig kein", "spam", "werbung",
            "anwalt", "mahn", "beh[öo]rde", "ruhe", "unterlass", "widersprech", "sehen sie von", "zusendung",
            "letzte[sn]? (mal|warnung)",
            // French
            "arr[êe]t", "cess", "suffit", "retir", "supprim", "effac", "oubli", "d[ée]sabonn", "d[ée]sinscri", "liste",
            "ne (plus|me |m'|nous )", "\\bplus (de|rien|jamais)\\b", "jamais", "spam", "signal", "plainte", "avocat", "cnil",
            "harcel", "tranquille", "sollicit", "rayez", "derni[èe]re fois",
            // Spanish
            "\\bdej[\\p{L}]* de (enviar|escrib|mand|contact|molest|recib)", "\\bparen\\b", "basta", "quit(en|ar|e)", "saquen", "elimin", "borr", "olvid", "\\bbaja\\b",
            "lista", "no .{0,30}m[áa]s\\b", "nunca", "[úu]ltima vez", "spam", "denunci", "abogado", "moleste", "en paz",
            "no (deseo|quiero) (recibir|seguir)",
            // Italian
            "smett", "basta", "togli", "rimuov", "cancell", "dimentic", "disiscriv", "lista", "non .{0,30}pi[ùu]\\b", "mai\\b",
            "ultima volta", "spam", "segnal", "denunc", "avvocat", "garante", "in pace", "non (desidero|voglio) ricevere",
            // Dutch
            "\\bstop", "hou .{0,20}\\bop\\b", "genoeg", "verwijder", "\\bwis\\b", "vergeet", "uitschrijv",
            "schrijf .{0,30}\\buit\\b", "afmeld", "meld .{0,30}\\baf\\b", "lijst", "niet meer", "geen .{0,30}meer", "nooit",
            "laatste keer", "spam", "meld", "klacht", "advocaat", "autoriteit", "met rust", "spuugzat", "\\bhaal",
            // Portuguese
            "parem", "chega", "basta", "retir", "tirem", "apag", "remov", "elimin", "esque[çc]", "cancel", "subscri", "lista",
            "n[ãa]o .{0,30}mais", "\\bdeix[\\p{L}]* de (enviar|escrever|mandar|contactar|me|receber)", "nunca", "[úu]ltima vez", "spam", "queixa", "denunci", "advogado",
            "cnpd", "em paz",
            // Polish
            "przesta", "do[śs][ćc]", "koniec", "usu[ńn]", "wypis", "zapomn", "list", "wi[ęe]cej", "nigdy", "ostatni raz",
            "spam", "zg[łl]os", "zg[łl]asz", "prawnik", "uodo", "spok[óo]j", "nie (chc[ęe]|wysy[łl]a|piszcie|przysy[łl]a)"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private OptOutCues() {
    }

    static boolean present(String text) {
        return text != null && CUE.matcher(text).find();
    }
}
