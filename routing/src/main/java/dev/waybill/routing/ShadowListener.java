package dev.waybill.routing;

import dev.waybill.contracts.ShadowResult;

/**
 * Told, while {@link EventRouter} routes an event, what each {@code proposed} contract version shadowing the event's
 * version would have done with it ({@link EventRouter.Builder#shadows}). Called from the routing threads, once per
 * event and proposed version: keep it cheap and thread-safe, and do not throw.
 */
@FunctionalInterface
public interface ShadowListener {

    void checked(CapturedEvent event, ShadowResult result);
}
