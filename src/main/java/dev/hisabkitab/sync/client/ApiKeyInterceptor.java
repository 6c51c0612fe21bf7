package dev.hisabkitab.sync.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Puts the {@code ApiKey} header on each HisabKitab request inside the HTTP client, as the request leaves, so the
 * key is never an exchange header: Camel's tracer, backlog tracer, message history and exchange dumps on errors
 * never see it. The route names the company in the {@value #COMPANY_HEADER} header; this interceptor takes that
 * header off and puts the company's key on instead (routes/hisabkitab-client.yaml installs it as the HTTP
 * endpoint's {@code httpClientConfigurer}). Without a key for the company the request goes out without one and
 * HisabKitab answers 401; the key's absence is found before that, when the request is prepared.
 */
@ApplicationScoped
@Named("hisabkitabApiKey")
public class ApiKeyInterceptor implements HttpClientConfigurer, HttpRequestInterceptor {

    /** The company whose key the request carries; taken off before the request leaves. */
    public static final String COMPANY_HEADER = "HisabKitabCompany";

    @Inject
    ApiKeys apiKeys;

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.addRequestInterceptorFirst(this);
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        Header company = request.getFirstHeader(COMPANY_HEADER);
        request.removeHeaders(COMPANY_HEADER);
        request.removeHeaders(HisabKitabCall.API_KEY_HEADER);
        if (company != null) {
            apiKeys.find(company.getValue()).ifPresent(key -> request.setHeader(HisabKitabCall.API_KEY_HEADER, key));
        }
    }
}
