package dev.touchflow.replies.classify;

import java.util.regex.Pattern;

/**
 * Words without which a reply is not read as an opt-out by the model alone, and words with which it
 * is not read as one without a person.
 *
 * <p>The model's words generalise poorly across languages (in grouped cross-validation it reads "I
 * forwarded your mail to a colleague" in German as an opt-out), so its opt-out probability counts only
 * when the reply has an opt-out's words: an act of stopping, removing, erasing or forgetting; a list, a
 * subscription; no more of something, a last message, not to be written to again;
 * being tired of it, spam, a complaint, a lawyer or a regulator; being left alone. The families are the
 * same in the eight languages; broad on purpose (the model still decides) and stems, so inflections
 * match. Every opt-out in the training corpus and in the held-out sets used so far has one (a test
 * holds that).
 *
 * <p>A reply that asks to stay ("don't take me off", "keep me posted", "add me to the list", "delete my
 * old address and use this one") while it reads like an opt-out goes to a person: the two together are
 * a person's call.
 */
final class OptOutCues {

    private static final Pattern CUE = Pattern.compile(String.join("|",
            // English: stop, remove, forget, lists, no more, last message, not again, fed up, spam and
            // complaints, lawyers and regulators, being left alone
            "\\bstop", "\\bquit", "\\bcease", "knock it off", "cut it out", "give it a rest", "lay off", "\\benough\\b",
            "had it with", "\\bremov", "\\bdelet", "\\berase", "\\bwipe", "\\bpurge", "\\bscrub", "\\bstrike (me|my|us|our)",
            "get rid of", "\\blose (my|our) (number|e-?mail|address|details|contact)", "\\bforget", "\\bdrop (me|us)", "take (me|us) (off|out)", "unsub",
            "opt.?out", "(off|from|out of|on) (your|the|this|any|all|every|these) (\\p{L}+ )?lists?\\b(?! of)",
            "(mailing|distribution|contact|e-?mail|marketing|sales|call) lists?", "\\byour lists?\\b(?! of)", "mailing", "\\bsubscribed\\b", "my subscription", "\\bno (more|further)\\b", "\\bany ?more\\b",
            "(me|us|this address) again", "(last|final) (time|warning)\\b", "(this|be|is|was)( the)? (last|final) (e-?mail|mail|message)",
            "(don'?t|do not|never|not to) (write|e-?mail|contact|message|mail|call|reach|send)",
            "(don'?t|do not|never) want to (get|receive|hear)", "(make sure|ensure) (that )?(i|we) (don'?t|do not|never)",
            "never (signed|agreed|asked|subscribed|opted|gave)", "(sick|tired) of (this|these|your|the) (e-?mails|emails|mails|messages)", "fed up", "\\bspam", "\\breport",
            "complain", "\\blawyer", "attorney", "solicitor", "legal", "\\bsue\\b", "\\bico\\b", "regulator",
            "\\bpolice\\b", "harass", "alone", "go away", "do.not.contact", "\\bleave me\\b",
            "\\bleft off\\b", "\\bout of\\b", "\\boff\\b", "rather not", "prefer(red)? not", "(don'?t|do not) (want|wish)",
            "unwanted", "unsolicited", "refrain", "no need to (follow up|contact|write|email|reach)",
            // German, separable verbs too (hören … auf, tragen … aus, melden … ab, sagen … ab)
            "aufh[öo]r", "h[öo]r(en|t) .{0,40}\\bauf\\b", "lassen sie (das|es|mich)", "schluss", "reicht", "genug", "satt\\b",
            "entfern", "l[öo]sch", "streich", "austrag", "trag(en|t) .{0,40}\\baus\\b", "abmeld", "meld(en|et) .{0,40}\\bab\\b",
            "k[üu]ndig", "verteiler", "(von|aus) (der|ihrer|dieser|allen|ihren) (\\p{L}+-?)?liste", "ihre[rn]? liste", "(mailing|e-mail|kontakt)-?liste", "lieber (keine|nicht)", "vergess", "nicht (mehr|weiter|erneut|wieder)\\b", "nichts (mehr|weiter)",
            "kein.{0,30}\\bmehr\\b", "keine weiter", "nie wieder", "k[üu]nftig kein", "letzte[nrs]? (mal|warnung|e-?mail|mail|nachricht)",
            "nicht (zu )?kontaktier", "spam", "werbung", "bel[äa]stig", "anwalt", "anzeige", "mahn", "beh[öo]rde", "beschwerde", "(will|m[öo]chte) (ich )?(diese|ihre|keine) (mails|e-mails|nachrichten)", "rechtsabteilung", "weitere[nr]? (zusendung|mails|e-mails|nachrichten)", "die nase voll", "absehen",
            "ruhe", "unterlass", "widersprech", "sehen sie von", "zusendung",
            // French
            "arr[êe]t", "cess", "suffit", "en ai assez", "assez de (vos|ces|tes)", "marre", "retir", "supprim", "effac", "oubli", "d[ée]sabonn", "d[ée]sinscri",
            "annul[\\p{L}]* .{0,20}abonnement", "(votre|vos|cette|ces) listes?", "de (la|cette) liste\\b(?! de)", "listes? (de (diffusion|contacts?|envoi|mailing|prospection)|d'envoi)", "pr[ée]f[èée]r[\\p{L}]* ne (pas|plus)", "ne (plus|me |m'|nous )", "\\bne [\\p{L}']+ plus\\b", "\\bplus (de|rien|jamais)\\b",
            "ne pas (me |nous )?(contacter|[ée]crire|envoyer|relancer)", "jamais", "derni(er|[èe]re) (fois|e-?mail|mail|message|courriel)",
            "spam", "signal", "plainte", "inutile de (me )?(relancer|recontacter|[ée]crire|contacter)", "juridique", "(d'autres|nouveaux) envois", "la paix", "r[ée]clamation", "avertissement", "ras-le-bol", "\\bplus (d'(e-?mails|mails|messages|envois|relances|courriels)|aucun)",
            "\\bn'en [\\p{L}]+ plus\\b", "abstenir", "avocat", "cnil", "harcel", "tranquille", "sollicit", "rayez",
            // Spanish
            "\\bdej[\\p{L}]* de (enviar|escrib|mand|contact|molest|recib)", "\\bparen\\b", "basta", "quit(en|ar|e)", "saquen",
            "elimin", "borr", "olvid", "\\bbaja\\b", "(su|sus|esta|vuestra) listas?", "de (la|su|esta) lista\\b(?! de)", "listas? de (correo|distribuci[óo]n|contactos|env[íi]o|mailing)", "prefer[\\p{L}]* no (recibir|ser)", "no .{0,30}m[áa]s\\b", "nunca", "no (vuelvan|vuelva|volv[áa]is) a",
            "no me (escriban|escribas|contacten|contactes|env[íi]en|manden|llamen)", "no contactar", "[úu]ltim[oa] (vez|correo|e-?mail|mensaje)", "cansad[oa] de (estos|sus|tus) (correos|mensajes|e-?mails|emails)", "hart[oa]",
            "spam", "denunci", "reclamaci[óo]n", "no hace falta que (me )?(vuelvan|escriban|contacten)", "quitad", "(departamento|servicio|equipo) (legal|jur[íi]dico)", "prospecci[óo]n",
            "m[áa]s env[íi]os", "tranquil", "\\bqueja", "([úu]ltimo|un) aviso", "ni una? .{0,20}m[áa]s\\b", "abst[ée]n", "qu[ée] pesad",
            "abogado", "aepd", "supresi[óo]n", "moleste", "en paz", "no (deseo|quiero) (recibir|seguir)",
            // Italian
            "smett", "basta", "togli", "rimuov", "rimoss", "dalla (\\p{L}+ )?lista\\b(?! d)", "cancell", "dimentic", "disiscriv", "annull[\\p{L}]* .{0,20}iscrizion", "(vostra|vostre|questa|sua) liste?", "lista (di distribuzione|contatti|d'invio)",
            "preferi[\\p{L}]* non (ricevere|essere)", "non ricevere (altre|altri|pi[ùu])", "non .{0,30}pi[ùu]\\b",
            "mai\\b", "non (scrivetemi|contattatemi|mandatemi|inviatemi)", "non mi (scrivete|contattate|mandate|inviate)", "non contattare", "ultim[ao] (volta|e-?mail|mail|messaggio)", "stufo",
            "stanc[oa] di (queste|ricevere|vostre)", "spam", "segnal", "denunc", "reclamo", "bisogno di (ricontattarmi|scrivermi|contattarmi)", "\\btolt[oa]\\b", "(ufficio|reparto) legale", "ricontatt", "altri invii", "esposto", "(ultimo|un) avviso", "niente pi[ùu]", "nessun[a']? ?altr", "asten",
            "seccatura", "scocciat", "non (mandatene|inviatene)", "avvocat", "garante", "in pace",
            "non (desidero|voglio) ricevere",
            // Dutch
            "\\bstop", "hou .{0,20}\\bop\\b", "genoeg", "verwijder", "\\bwis\\b", "wissen", "vergeet", "uitschrijv",
            "schrijf .{0,30}\\buit\\b", "afmeld", "meld .{0,30}\\baf\\b", "zeg .{0,40}\\bop\\b", "(uw|jullie|je|deze) (verzend|mailing|e-?mail|contact)?lijst\\b(?! (met|van))", "(verzend|mailing|e-?mail|contact)lijst", "van (de|uw|jullie|deze) lijst\\b", "liever geen", "niet meer",
            "niets meer", "geen .{0,30}meer", "niet (te )?(benader|mail|contact|schrijv)", "nooit", "laatste (keer|e-?mail|mail|bericht)",
            "\\bbeu\\b", "het zat", "spam", "meld", "klacht", "hoeft .{0,20}niet (meer )?te", "waarschuwing", "juridische", "verdere (toe)?zending", "afzien", "aangifte", "advocaat", "autoriteit",
            "met rust", "spuugzat", "\\bhaal",
            // Portuguese
            "parem", "chega", "basta", "retir", "tirem", "apag", "remov", "elimin", "esque[çc]", "cancel", "subscri",
            "(vossa|sua|desta|nossa) lista", "da (\\p{L}+ )?lista\\b(?! de)", "lista de (contactos|envio|distribui[çc][ãa]o|correio|e-?mails|mailing)", "prefiro n[ãa]o",
            "n[ãa]o (quero|desejo) (receber|continuar)", "n[ãa]o .{0,30}mais", "\\bdeix[\\p{L}]* de (enviar|escrever|mandar|contactar|me|receber)", "nunca",
            "n[ãa]o (voltem|volte) a", "n[ãa]o me (escrev|contact|envi|mand|lig)", "n[ãa]o contactar",
            "[úu]ltim[oa] (vez|e-?mail|mensagem|correio)", "cansad[oa] de(stes| estes| os seus)? (e-?mails|emails|mensagens)", "fart[oa]", "spam", "queixa", "reclama[çc][ãa]o", "n[ãa]o precisa[mn]? de me", "retirad", "jur[íi]dico", "mais envios", "([úu]ltimo|um) aviso", "mais nenhum", "nem mais um", "abst(enham|er)", "chatice",
            "denunci", "advogado", "cnpd",
            "em paz",
            // Polish
            "przesta", "do[śs][ćc]", "koniec", "usu[ńn]", "wypis", "zapomn", "anuluj[\\p{L}]* .{0,20}subskrypcj", "z (\\p{L}+ )?listy", "list(a|y) (mailingow|dystrybucyjn|kontakt|wysy[łl]kow)", "mailingow", "wola[łl]\\p{L}* nie", "wi[ęe]cej", "nigdy",
            "ostatni (raz|e-?mail|mail)", "ostatni[aą] wiadomo", "nie (kontaktowa|pisa|chc[ęe]|wysy[łl]a|piszcie|przysy[łl]a)",
            "spam", "ostrze[żz]eni", "nie musz\\p{L}* .{0,30}kontaktowa", "prawn", "wykre[śs]l", "kolejn\\p{L}* wysy[łl]k", "reklamacj", "[żz]adnych .{0,20}wi[ęe]cej", "ani jedne?go", "zaprzesta", "powstrzyma",
            "zg[łl]os", "zg[łl]asz", "skarg", "prawnik", "uodo", "spok[óo]j"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern STAY = Pattern.compile(String.join("|",
            // English
            "(don'?t|do not|please don'?t|never) (remove|delete|unsubscribe|take (me|us) off|drop|stop sending)",
            "(don'?t|do not|never) stop (sending|e-?mailing|writing)", "keep (me|us) (on|posted|in the loop|updated|informed)",
            "keep (these|them|it) coming", "(keep|continue) (sending|e-?mailing|writing)", "weiterhin (infos|informationen|zu)",
            "continuez (à|de) m'envoyer", "continuate a (mandarmi|inviarmi|scrivermi)", "contin[úu]en (enviándome|mandándome)",
            "continuem a (enviar|mandar)-me", "blijf (me|mij) (mailen|sturen)", "wysy[łl]ajcie (mi )?dalej", "(?<!(n'?t|not|never) )\\badd (me|us)\\b", "(sign|put) (me|us) (up|down|on)",
            "(old|previous|former) (e-?mail )?address",
            // German
            "alte[n]? (e-mail-)?adresse", "nicht (ab|aus)(melden|tragen)", "sie (mich|uns) nicht (aus|ab)\\b", "nicht (entfern|l[öo]sch|streich)",
            "(entfernen|l[öo]schen|streichen) sie (mich|uns) nicht", "(nehmen|tragen) sie mich .{0,30}\\b(auf|ein)\\b",
            "lassen sie mich (auf|im|in)", "(h[öo]ren sie|h[öo]rt) (\\p{L}+ ){0,3}nicht auf", "halten sie mich auf dem laufenden",
            // French
            "ne me (retirez|supprimez|d[ée]sinscrivez|d[ée]sabonnez|rayez) pas", "ancienne adresse", "\\bgardez-moi", "\\bajoutez-moi", "\\binscrivez-moi",
            "tenez-moi (au courant|inform)",
            // Spanish
            "no me (borren|quiten|eliminen|saquen|den de baja)", "antigu[oa] (direcci[óo]n|correo)", "\\bmant[ée]nganme", "\\ba[ñn][áa]danme", "\\bagr[ée]guenme", "\\bap[úu]ntenme",
            "\\binscr[íi]banme",
            // Italian
            "non (toglietemi|cancellatemi|rimuovetemi)", "vecchio indirizzo", "non mi (togliete|cancellate|rimuovete)", "\\btenetemi", "\\baggiungetemi",
            "\\biscrivetemi",
            // Dutch
            "(haal|verwijder) (me|mij|ons) niet", "oude (e-?mail)?adres", "niet (afmelden|verwijderen|uitschrijven)", "houd (me|mij) op de hoogte",
            "voeg (me|mij) toe", "schrijf (me|mij) in",
            // Portuguese
            "n[ãa]o me (tirem|removam|apaguem|retirem|eliminem)", "(endere[çc]o|email) antigo", "\\bmantenham-me", "\\badicionem-me", "\\binscrevam-me",
            // Polish
            "nie (usuwajcie|wypisujcie|skre[śs]lajcie)", "star(y|ego) (adres|mail)", "dodajcie mnie", "zapiszcie mnie"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private OptOutCues() {
    }

    static boolean present(String text) {
        return text != null && CUE.matcher(text).find();
    }

    /** Whether the reply asks to stay on, be kept informed or be added. */
    static boolean asksToStay(String text) {
        return text != null && STAY.matcher(text).find();
    }
}
