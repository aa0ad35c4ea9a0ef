package dev.waybill.spring.boot.autoconfigure.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** The user's configuration in the runner tests: its package holds the entities, as a Boot application's would. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ParcelApplication {}
