package dev.place.shared.delivery;

/**
 * How one connection wants its batches: the encoding chosen in {@code hello} and the tiles it
 * subscribed to. Connections with equal preferences share one encoded batch per interval. Its text form
 * ({@code json;all}, {@code binary;0,0,3,2}) names it in logs.
 */
public record DeliveryPreferences(Encoding encoding, Subscription subscription) {

  public static final DeliveryPreferences DEFAULT = new DeliveryPreferences(Encoding.JSON, Subscription.ALL);

  public String text() {
    return encoding.wireName() + ";" + subscription.text();
  }
}
