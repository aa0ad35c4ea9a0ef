/** The executables' logging support, referenced by name from logback.xml; not an API. */
package dev.waybill.cli.internal;
