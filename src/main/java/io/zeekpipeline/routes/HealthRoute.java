package io.zeekpipeline.routes;

import org.apache.camel.builder.RouteBuilder;

/** Logs the health line every {@code pipeline.health.interval-seconds}. */
public class HealthRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:health?delay={{pipeline.health.interval-seconds}}s&period={{pipeline.health.interval-seconds}}s")
                .routeId("health-report")
                .description("Periodic health line")
                .bean("healthReporter", "report").id("report-health");
    }
}
