package org.orrery.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.orrery.platform.OrreryHome;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orrery's local users, kept hashed in {@code data/users.json}. On the first start it creates
 * the {@code admin} user: its password comes from the environment variable
 * {@value #PASSWORD_ENV} when set, otherwise it is generated and written to
 * {@code etc/initial-admin-password}, readable by the owner only. There is no default password.
 *
 * <p>PBKDF2 is slow on purpose, so a password once verified is remembered (as a keyed hash,
 * never in clear) for a few minutes; the REST API can then check Basic credentials on every
 * request without paying for PBKDF2 each time.
 */
@Component(service = Authenticator.class, immediate = true)
public final class UserDirectory implements Authenticator {

    static final String PASSWORD_ENV = "ORRERY_ADMIN_PASSWORD";
    static final String ADMIN = "admin";
    static final String USERS_FILE = "users.json";
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    static final long VERIFIED_TTL_NANOS = 5L * 60 * 1_000_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    private final PasswordHasher hasher;
    private final Map<String, UserRecord> users = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec cacheKey;
    private final LongSupplier nanoClock;

    @Activate
    public UserDirectory(BundleContext context) throws IOException {
        this(OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)), System::getenv,
                new PasswordHasher(), System::nanoTime);
    }

    UserDirectory(OrreryHome home, UnaryOperator<String> environment, PasswordHasher hasher, LongSupplier nanoClock)
            throws IOException {
        this.hasher = hasher;
        this.nanoClock = nanoClock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        UserFile file = new UserFile(home.data().resolve(USERS_FILE));
        List<UserRecord> loaded = file.exists() ? readOrExplain(file) : createAdmin(file, home, environment);
        loaded.forEach(user -> users.put(user.name(), user));
        LOG.debug("User store {} holds {} user(s)", file.path(), users.size());
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String userName, char[] password) {
        if (userName == null || password == null) {
            return Optional.empty();
        }
        UserRecord user = users.get(userName);
        if (user == null) {
            hasher.burn(password);
            return Optional.empty();
        }
        byte[] fingerprint = fingerprint(userName, password);
        Verified seen = verified.get(userName);
        long now = nanoClock.getAsLong();
        if (seen != null && now - seen.atNanos() < VERIFIED_TTL_NANOS
                && seen.passwordHash().equals(user.passwordHash())
                && MessageDigest.isEqual(seen.fingerprint(), fingerprint)) {
            return Optional.of(new AuthenticatedUser(user.name(), user.role()));
        }
        if (!hasher.verify(password, user.passwordHash())) {
            return Optional.empty();
        }
        verified.put(userName, new Verified(fingerprint, user.passwordHash(), now));
        return Optional.of(new AuthenticatedUser(user.name(), user.role()));
    }

    private List<UserRecord> readOrExplain(UserFile file) throws IOException {
        try {
            return file.read();
        } catch (IOException e) {
            LOG.error("Nobody can log in: {}. Fix the file, or move it away to create a new admin password on the next start.",
                    e.getMessage());
            throw e;
        }
    }

    private List<UserRecord> createAdmin(UserFile file, OrreryHome home, UnaryOperator<String> environment)
            throws IOException {
        String fromEnvironment = environment.apply(PASSWORD_ENV);
        char[] password;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            password = fromEnvironment.toCharArray();
            LOG.info("Created user '{}' with the password from {}", ADMIN, PASSWORD_ENV);
        } else {
            password = hasher.generatePassword(20).toCharArray();
            Path passwordFile = home.etc().resolve(INITIAL_PASSWORD_FILE);
            UserFile.writeOwnerOnly(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.warn("Created user '{}' with a generated password: it is in {} (readable by its owner only)",
                    ADMIN, passwordFile);
        }
        List<UserRecord> created = List.of(new UserRecord(ADMIN, Role.ADMIN, hasher.hash(password)));
        file.write(created);
        return created;
    }

    private byte[] fingerprint(String userName, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(userName.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(PasswordHasher.utf8(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private record Verified(byte[] fingerprint, String passwordHash, long atNanos) {
    }
}
