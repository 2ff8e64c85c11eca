package kz.tapbot.geo;

import java.util.Locale;

/** Folds what people type for matching: lower case, ё as е, Kazakh letters as their nearest Russian ones. */
public final class KazakhText {

    private KazakhText() {
    }

    public static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('ё', 'е');
        StringBuilder out = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            out.append(switch (c) {
                case 'қ' -> 'к';
                case 'ғ' -> 'г';
                case 'ө' -> 'о';
                case 'ү', 'ұ' -> 'у';
                case 'і' -> 'и';
                case 'ә' -> 'а';
                case 'ң' -> 'н';
                case 'һ' -> 'х';
                default -> c;
            });
        }
        return out.toString();
    }
}
