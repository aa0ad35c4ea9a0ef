/** Implementation details of {@code dev.waybill.jpa} (the Hibernate integrator and listeners): not an API. */
package dev.waybill.jpa.internal;
