package kz.tapbot.ai.nlu;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which language a message is in: Kazakh letters or words make it Kazakh; Cyrillic Russian; Latin
 * English, or Russian when its words are transliterated Russian. Null when the text gives no evidence
 * (a command, a link, digits, Latin words of neither kind): the caller knows better.
 */
final class Languages {

    private static final Pattern KAZAKH_LETTERS = Pattern.compile("[әғқңөұүһі]");
    private static final Set<String> KAZAKH_WORDS = Set.of("керек", "бар", "ма", "ме", "рахмет", "сау", "болыңыз", "бугин",
            "ертен", "жок", "иа", "иә", "калай", "кайда", "пэтер", "маган", "сизге", "сәлем", "салем", "жане", "мен",
            "барамын", "керекпин", "туним", "бизге");
    private static final Set<String> TRANSLIT_WORDS = Set.of("iz", "v", "na", "zavtra", "segodnya", "poslezavtra", "nuzhno",
            "nuzhna", "nuzhen", "kvartira", "kvartiru", "edu", "taksi", "mesta", "mesto", "privet", "spasibo", "skolko",
            "mne", "do", "s", "po", "kak", "gde", "moi", "moy", "vecherom", "utrom", "mashina", "sutki", "sutok", "ishu",
            "hochu", "dlya", "nas", "dvoih", "polzovatsya", "botom", "voditel", "otmenite", "bronь", "svobodny", "i", "ya");
    private static final Set<String> ENGLISH_WORDS = Set.of("the", "to", "from", "i", "need", "please", "tomorrow", "a",
            "an", "my", "is", "for", "and", "what", "how", "can", "you", "apartment", "ride", "today", "where", "hello",
            "hi", "flat", "seat", "seats", "with", "in", "of", "me", "do", "does", "book", "cancel", "thanks");

    private Languages() {
    }

    static String of(String text) {
        String t = text.toLowerCase().replaceAll("(^|\\s)/\\S+|https?://\\S+|@\\S+", " ");
        if (KAZAKH_LETTERS.matcher(t).find()) {
            return "kk";
        }
        String[] words = t.split("[^\\p{L}]+");
        int cyrillic = 0;
        int latin = 0;
        int kazakh = 0;
        int translit = 0;
        int english = 0;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (Character.UnicodeBlock.of(word.charAt(0)) == Character.UnicodeBlock.CYRILLIC) {
                cyrillic++;
                kazakh += KAZAKH_WORDS.contains(word) ? 1 : 0;
            } else {
                latin++;
                translit += TRANSLIT_WORDS.contains(word) ? 1 : 0;
                english += ENGLISH_WORDS.contains(word) ? 1 : 0;
            }
        }
        if (cyrillic == 0 && latin == 0) {
            return null;
        }
        if (cyrillic >= latin) {
            return kazakh > 0 ? "kk" : "ru";
        }
        if (translit == 0 && english == 0) {
            return null;
        }
        return translit > english ? "ru" : "en";
    }
}
