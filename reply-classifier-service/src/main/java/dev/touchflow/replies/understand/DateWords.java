package dev.touchflow.replies.understand;

import java.time.DayOfWeek;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Month, weekday and number words in the eight languages return dates are read in. */
final class DateWords {

    private static final List<String> MONTH_NAMES = List.of(
            "january jan januar jänner janvier janv enero ene gennaio gen januari janeiro stycznia styczeń styczen"
                    + " styczniu",
            "february feb februar février fevrier févr febrero febbraio februari fevereiro fev lutego luty lutym",
            "march mar märz maerz mars marzo maart março marco marca marzec marcu",
            "april apr avril avr abril abr aprile kwietnia kwiecień kwietniu",
            "may mai mayo maggio mei maio maja maj maju",
            "june jun juni juin junio giugno junho czerwca czerwiec czerwcu",
            "july jul juli juillet juil julio luglio lug julho lipca lipiec lipcu",
            "august aug août aout agosto ago augustus sierpnia sierpień sierpniu",
            "september sep sept septembre septiembre settembre set setembro września wrzesień wrzesnia wrześniu",
            "october oct oktober okt octobre octubre ottobre ott outubro out października październik październiku",
            "november nov novembre noviembre novembro listopada listopad listopadzie",
            "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro grudnia grudzień"
                    + " grudniu");
    private static final List<String> WEEKDAY_NAMES = List.of(
            "monday montag lundi lunes lunedì lunedi maandag segunda poniedziałek",
            "tuesday dienstag mardi martes martedì martedi dinsdag terça terca wtorek",
            "wednesday mittwoch mercredi miércoles miercoles mercoledì mercoledi woensdag quarta środa sroda",
            "thursday donnerstag jeudi jueves giovedì giovedi donderdag quinta czwartek",
            "friday freitag vendredi viernes venerdì venerdi vrijdag sexta piątek piatek");
    /** Number words by value; the separator is "|" because "a couple of" is one word here. */
    private static final List<String> NUMBER_WORDS = List.of(
            "a|an|one|ein|eine|einem|einen|un|une|uno|una|één|een|um|uma|jeden|jedną",
            "two|zwei|deux|dos|due|twee|dois|duas|dwa|dwóch|a couple of|ein paar|een paar|un paio di|um par de",
            "three|drei|trois|tres|tre|drie|três|trzy|a few|quelques|unas|alcune|umas|kilka",
            "four|vier|quatre|cuatro|quattro|quatro|cztery",
            "five",
            "six|sechs|seis|sei|zes|sześć");

    private static final Map<String, Integer> MONTHS = numbered(MONTH_NAMES, " ", true);
    private static final Map<String, Integer> WEEKDAYS = numbered(WEEKDAY_NAMES, " ", false);
    private static final Map<String, Integer> NUMBERS = numbered(NUMBER_WORDS, "\\|", false);

    /** A regex group of every month name, longest first, with an optional abbreviation dot. */
    static final String MONTH = "(" + alternatives(MONTHS.keySet()) + ")\\.?";
    /** "End of" in every language, for "end of May" and "end of Q3". */
    static final String END_OF = "(?:at the )?end of|ende|fin(?: de| d'| du)?|finales de|a fine|fine|einde|eind|"
            + "final de|fim de|koniec|pod koniec|końca";
    /** A regex group of every weekday name, longest first. */
    static final String WEEKDAY = "(" + alternatives(WEEKDAYS.keySet()) + ")";

    private DateWords() {}

    static Integer month(String name) {
        return MONTHS.get(name.toLowerCase(Locale.ROOT).replace(".", ""));
    }

    static DayOfWeek weekday(String name) {
        return DayOfWeek.of(WEEKDAYS.get(name.toLowerCase(Locale.ROOT)));
    }

    static int number(String word) {
        Integer value = NUMBERS.get(word.toLowerCase(Locale.ROOT));
        return value != null ? value : Integer.parseInt(word);
    }

    /** Each word to its one-based position in the list; a word in two entries keeps the first or the last. */
    private static Map<String, Integer> numbered(List<String> entries, String separator, boolean firstWins) {
        Map<String, Integer> numbered = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            for (String word : entries.get(i).split(separator)) {
                if (firstWins) {
                    numbered.putIfAbsent(word, i + 1);
                } else {
                    numbered.put(word, i + 1);
                }
            }
        }
        return numbered;
    }

    private static String alternatives(Set<String> words) {
        return String.join(
                "|",
                words.stream()
                        .sorted(Comparator.comparingInt(String::length).reversed())
                        .toList());
    }
}
