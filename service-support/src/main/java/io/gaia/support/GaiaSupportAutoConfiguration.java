package io.gaia.support;

import io.gaia.events.GaiaJson;
import io.gaia.support.http.ConnectionLimits;
import io.gaia.support.http.HttpLimits;
import io.gaia.support.jwt.DevelopmentSecretGuard;
import io.gaia.support.jwt.DevelopmentTokens;
import io.gaia.support.jwt.JwtProperties;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.support.management.ActuatorAccess;
import io.gaia.support.management.ManagementProperties;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsHealthIndicator;
import io.gaia.support.nats.NatsMetrics;
import io.gaia.support.nats.NatsProperties;
import io.gaia.support.web.ApiDocs;
import io.gaia.support.web.CurrentUser;
import io.gaia.support.web.RequestIdFilter;
import io.gaia.support.web.ErrorResponses;
import io.gaia.support.web.KeepAliveReadResume;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires what every GAIA service shares: the codec (also as Spring's JSON mapper), JWT validation,
 * the NATS connection and its health, and the error responses.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties({JwtProperties.class, NatsProperties.class, HttpLimits.class,
        ManagementProperties.class})
@Import({ErrorResponses.class, ApiDocs.class})
public class GaiaSupportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GaiaJson gaiaJson() {
        return GaiaJson.create();
    }

    @Bean
    @ConditionalOnMissingBean
    JsonMapper jsonMapper(GaiaJson gaiaJson) {
        return gaiaJson.mapper();
    }

    @Bean
    JwtValidator jwtValidator(JwtProperties properties) {
        return new JwtValidator(properties);
    }

    @Bean
    DevelopmentSecretGuard developmentSecretGuard(JwtProperties properties, Environment environment) {
        return new DevelopmentSecretGuard(properties, environment);
    }

    @Bean
    DevelopmentTokens developmentTokens(JwtProperties properties) {
        return new DevelopmentTokens(properties);
    }

    @Bean
    NatsConnection natsConnection(NatsProperties properties,
                                  @Value("${spring.application.name:gaia}") String serviceName) {
        return new NatsConnection(properties, serviceName);
    }

    @Bean
    NatsHealthIndicator natsHealthIndicator(NatsConnection nats) {
        return new NatsHealthIndicator(nats);
    }

    @Bean
    NatsMetrics natsMetrics(NatsConnection nats) {
        return new NatsMetrics(nats);
    }

    /** Every service's HTTP server: never let a keep-alive connection stop reading (see {@link KeepAliveReadResume}). */
    @Bean
    NettyServerCustomizer keepAliveReadResume() {
        return KeepAliveReadResume::install;
    }

    /** Every service's HTTP server: request-head deadline, idle timeout, connection cap ({@code gaia.http.*}). */
    @Bean
    ConnectionLimits connectionLimits(HttpLimits limits, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable();
        return registry == null ? new ConnectionLimits(limits) : new ConnectionLimits(limits, registry);
    }

    @Bean
    NettyServerCustomizer connectionLimitsCustomizer(ConnectionLimits limits) {
        return limits::apply;
    }

    /** The actuator beyond bare health is for admins and the metrics scraper only. */
    @Bean
    ActuatorAccess actuatorAccess(JwtValidator validator, ManagementProperties properties, GaiaJson json) {
        return new ActuatorAccess(validator, properties, json);
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    WebFluxConfigurer currentUserArgument(JwtValidator validator) {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CurrentUser(validator));
            }
        };
    }
}
