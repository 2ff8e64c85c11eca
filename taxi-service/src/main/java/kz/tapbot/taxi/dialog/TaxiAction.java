package kz.tapbot.taxi.dialog;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** What the dialog asks the taxi service to do; the service does it and tells the people concerned. */
public sealed interface TaxiAction {

    record RequestRide(String from, String to, LocalDate date, int seats, String phone) implements TaxiAction {
    }

    record RegisterDriver(String name, String car, String plate, String phone) implements TaxiAction {
    }

    record PublishTrip(String from, String to, LocalDate date, LocalTime time, int seats, long pricePerSeat)
            implements TaxiAction {
    }

    record ShowMyTrips() implements TaxiAction {
    }

    record CancelBooking(UUID bookingId) implements TaxiAction {
    }

    record ShowRequests() implements TaxiAction {
    }

    record AcceptRequest(UUID bookingId) implements TaxiAction {
    }

    record CancelTrip(UUID tripId) implements TaxiAction {
    }

    /** Something the dialog cannot use: ai-service answers it, ending with the pending question, if any. */
    record HandOver(String step, String pendingQuestion, java.util.List<java.util.List<kz.tapbot.events.BotReply.Button>> keyboard)
            implements TaxiAction {
    }
}
