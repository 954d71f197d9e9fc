package io.github.asyncio4j.samples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A Spring Boot WebFlux service whose handlers are asyncio4j tasks: they gather, race, group,
 * stream and bound their downstream calls the way asyncio code does, and a client disconnect
 * cancels every one of them. See {@code samples/webflux/README.md}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class WebfluxSampleApplication {

    /**
     * Starts the service (port 8080 unless {@code --server.port=...} says otherwise).
     *
     * @param args Spring Boot's command line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(WebfluxSampleApplication.class, args);
    }
}
