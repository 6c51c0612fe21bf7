package dev.hisabkitab.sync.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * A logged-in session: the form login's sealed cookie names the user, and each request takes that user's role from
 * the users file as it is now (a user removed from the file is logged out at the next request).
 */
@ApplicationScoped
public class ConsoleSessions implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    ConsoleUsers users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return users.session(request.getPrincipal()).map(identity -> Uni.createFrom().item(identity))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
    }
}
