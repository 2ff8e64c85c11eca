package kz.tapbot.gateway.bot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import kz.tapbot.gateway.telegram.BotApiClient;
import org.jboss.logging.Logger;

/**
 * Telegram's persistent command menu of each bot that talks to Telegram (setMyCommands), in
 * Russian (also the default), Kazakh and English; Telegram shows the one of the user's language.
 */
@ApplicationScoped
public class CommandMenu {

    private static final Logger LOG = Logger.getLogger(CommandMenu.class);

    /** command -> descriptions in ru, kk, en. */
    static final Map<String, List<List<String>>> MENUS = Map.of(
            "taxi", List.of(
                    List.of("book", "Забронировать поездку", "Сапарды брондау", "Book a ride"),
                    List.of("mytrips", "Мои поездки", "Менің сапарларым", "My trips"),
                    List.of("cancel", "Отменить", "Болдырмау", "Cancel"),
                    List.of("help", "Помощь", "Көмек", "Help"),
                    List.of("deleteme", "Удалить мои данные", "Деректерімді жою", "Delete my data")),
            "apartments", List.of(
                    List.of("search", "Найти квартиру", "Пәтер іздеу", "Find an apartment"),
                    List.of("mybookings", "Мои брони", "Менің броньдарым", "My bookings"),
                    List.of("addlisting", "Сдать квартиру", "Пәтер жалға беру", "Rent out an apartment"),
                    List.of("mylistings", "Мои объявления", "Менің хабарландыруларым", "My listings"),
                    List.of("lang", "Язык", "Тіл", "Language"),
                    List.of("help", "Помощь", "Көмек", "Help"),
                    List.of("deleteme", "Удалить мои данные", "Деректерімді жою", "Delete my data")));

    private final BotRegistry bots;
    private final BotApiClient api;

    CommandMenu(BotRegistry bots, BotApiClient api) {
        this.bots = bots;
        this.api = api;
    }

    void publish(@Observes StartupEvent startup) {
        for (Bot bot : bots.all()) {
            List<List<String>> menu = MENUS.get(bot.name());
            if (bot.isLocal() || menu == null) {
                continue;
            }
            String[] languages = {null, "ru", "kk", "en"};
            for (String language : languages) {
                ObjectNode params = api.params();
                ArrayNode commands = params.putArray("commands");
                int column = language == null ? 1 : List.of("ru", "kk", "en").indexOf(language) + 1;
                menu.forEach(item -> commands.addObject().put("command", item.get(0)).put("description", item.get(column)));
                if (language != null) {
                    params.put("language_code", language);
                }
                api.call(bot, "setMyCommands", params).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warnf("setMyCommands for %s failed: %s", bot.name(), error.getMessage());
                    }
                });
            }
        }
    }
}
