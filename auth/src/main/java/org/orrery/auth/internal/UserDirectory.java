package org.orrery.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.orrery.platform.OrreryHome;
import org.orrery.security.AuditLog;
import org.orrery.security.AuthenticatedUser;
import org.orrery.security.Authentication;
import org.orrery.security.Authenticator;
import org.orrery.security.Role;
import org.orrery.security.UserAdmin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orrery's local users, kept hashed in {@code data/users.json}. On the first start it creates
 * the {@code admin} user: its password comes from the environment variable
 * {@value #PASSWORD_ENV} when set, otherwise it is generated and written to
 * {@code etc/initial-admin-password}, readable by the owner only. There is no default password.
 * That admin is stored once the framework has started ({@link FirstAdmin}): its PBKDF2 hash is
 * not part of the start.
 *
 * <p>PBKDF2 is slow on purpose, so a password once verified is remembered (as a keyed hash,
 * never in clear) for a few minutes; the REST API can then check Basic credentials on every
 * request without paying for PBKDF2 each time.
 */
@Component(service = {Authenticator.class, UserAdmin.class}, immediate = true)
public final class UserDirectory implements Authenticator, UserAdmin {

    static final String PASSWORD_ENV = "ORRERY_ADMIN_PASSWORD";
    static final String ADMIN = "admin";
    static final String USERS_FILE = "users.json";
    static final String TOKENS_FILE = "tokens.json";
    static final String TOKEN_PREFIX = "orrery_";
    static final int MIN_PASSWORD = 8;
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    static final long VERIFIED_TTL_NANOS = 5L * 60 * 1_000_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    private final PasswordHasher hasher;
    private final Map<String, UserRecord> users = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SharedVerifications verifications = new SharedVerifications();
    private final SecretKeySpec cacheKey;
    /** Initialised with {@link #cacheKey} and never used itself: only copied ({@link #newMac}). */
    private final Mac keyedMac;
    private final LongSupplier nanoClock;
    /** Wall-clock time, for token creation and expiry. */
    private final Clock clock;
    private final UserFile userFile;
    private final TokenFile tokenFile;
    private final Map<String, TokenFile.Stored> tokens = new ConcurrentHashMap<>();
    private final HttpLogin httpLogin;
    /** The admin of a new home until it is stored, then null: see {@link #awaitUsers()}. */
    private volatile FirstAdmin firstAdmin;

    @Activate
    public UserDirectory(BundleContext context) throws IOException {
        this(OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)), System::getenv,
                new PasswordHasher(), System::nanoTime, Clock.systemUTC(), FirstAdmin.afterFrameworkStart(context));
    }

    UserDirectory(OrreryHome home, UnaryOperator<String> environment, PasswordHasher hasher, LongSupplier nanoClock)
            throws IOException {
        this(home, environment, hasher, nanoClock, Clock.systemUTC());
    }

    UserDirectory(OrreryHome home, UnaryOperator<String> environment, PasswordHasher hasher, LongSupplier nanoClock,
            Clock clock) throws IOException {
        this(home, environment, hasher, nanoClock, clock, Runnable::run);
    }

    /** {@code storeFirstAdmin} runs the task that stores the admin of a new home (when it likes). */
    UserDirectory(OrreryHome home, UnaryOperator<String> environment, PasswordHasher hasher, LongSupplier nanoClock,
            Clock clock, Consumer<Runnable> storeFirstAdmin) throws IOException {
        this.hasher = hasher;
        this.nanoClock = nanoClock;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        try {
            this.keyedMac = Mac.getInstance("HmacSHA256");
            keyedMac.init(cacheKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
        UserFile file = new UserFile(home.data().resolve(USERS_FILE));
        this.userFile = file;
        this.tokenFile = new TokenFile(home.data().resolve(TOKENS_FILE));
        this.httpLogin = new HttpLogin(this, new LoginThrottle(nanoClock));
        List<UserRecord> stored = List.of();
        if (file.exists()) {
            stored = readOrExplain(file);
        } else {
            FirstAdmin admin = new FirstAdmin(file, adminPassword(home, environment), hasher);
            if (AdminPasswordReset.requested(home.data())) {
                stored = admin.await(); // the reset applies to the stored admin
            } else {
                firstAdmin = admin;
            }
        }
        List<UserRecord> loaded = AdminPasswordReset.apply(home.data(), stored, hasher, file, tokenFile);
        loaded.forEach(user -> users.put(user.name(), user));
        for (TokenFile.Stored token : tokenFile.read()) {
            tokens.put(token.token().id(), token);
        }
        LOG.debug("User store {} holds {} user(s) and {} token(s){}", file.path(), users.size(), tokens.size(),
                firstAdmin == null ? "" : "; the first admin is stored once the framework has started");
        if (firstAdmin != null) {
            storeFirstAdmin.accept(firstAdmin.task());
        }
    }

    /** A clean stop before the first admin was stored stores it: its password is in the file already. */
    @Deactivate
    void deactivate() {
        awaitUsers();
    }

    /**
     * The users, with the admin of a new home among them: stores it first when that has not been
     * done yet (or waits while it is done). Everything that reads or changes the users calls this.
     */
    private void awaitUsers() {
        FirstAdmin pending = firstAdmin;
        if (pending == null) {
            return;
        }
        pending.await().forEach(user -> users.putIfAbsent(user.name(), user));
        firstAdmin = null;
    }

    @Override
    public Authentication authenticateHttp(String authorizationHeader, String remoteAddress) {
        return httpLogin.authenticate(authorizationHeader, remoteAddress);
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String userName, char[] password) {
        if (userName == null || password == null) {
            return Optional.empty();
        }
        awaitUsers();
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
        String credentials = user.passwordHash() + '|' + java.util.HexFormat.of().formatHex(fingerprint);
        if (!verifications.verify(credentials, () -> hasher.verify(password, user.passwordHash()))) {
            return Optional.empty();
        }
        verified.put(userName, new Verified(fingerprint, user.passwordHash(), now));
        return Optional.of(new AuthenticatedUser(user.name(), user.role()));
    }

    @Override
    public Optional<AuthenticatedUser> authenticateToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        int split = token.indexOf('_', TOKEN_PREFIX.length());
        if (split < 0) {
            return Optional.empty();
        }
        TokenFile.Stored stored = tokens.get(token.substring(TOKEN_PREFIX.length(), split));
        if (stored == null || !MessageDigest.isEqual(stored.secretSha256().getBytes(StandardCharsets.US_ASCII),
                sha256(token.substring(split + 1)).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Token t = stored.token();
        if (expired(t, clock.instant())) {
            return Optional.empty();
        }
        awaitUsers();
        UserRecord owner = users.get(t.user());
        if (owner == null) {
            return Optional.empty();
        }
        Role role = owner.role().includes(t.role()) ? t.role() : owner.role();
        return Optional.of(new AuthenticatedUser(t.user(), role));
    }

    @Override
    public List<User> users() {
        awaitUsers();
        return users.values().stream().map(u -> new User(u.name(), u.role()))
                .sorted(java.util.Comparator.comparing(User::name)).toList();
    }

    @Override
    public synchronized User createUser(String name, Role role, char[] password) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a user name has 1 to 64 letters, digits, '.', '_' or '-', found '" + name + "'");
        }
        if (name.equals(AuditLog.ANONYMOUS)) {
            throw new IllegalArgumentException("the user name '" + name + "' is reserved: the audit log writes it for anonymous calls");
        }
        awaitUsers();
        Optional<String> taken = users.keySet().stream().filter(existing -> existing.equalsIgnoreCase(name)).findFirst();
        if (taken.isPresent()) {
            throw new IllegalArgumentException(taken.get().equals(name) ? "user '" + name + "' exists already"
                    : "user '" + taken.get() + "' exists already; user names differ in more than case");
        }
        checkPassword(password);
        UserRecord user = new UserRecord(name, role == null ? Role.VIEWER : role, hasher.hash(password));
        Map<String, UserRecord> next = new java.util.LinkedHashMap<>(users);
        next.put(name, user);
        saveUsers(next);
        LOG.info("Created user '{}' with the role {}", name, user.role().id());
        return new User(name, user.role());
    }

    @Override
    public synchronized void setPassword(String name, char[] password) {
        UserRecord user = known(name);
        checkPassword(password);
        Map<String, UserRecord> next = new java.util.LinkedHashMap<>(users);
        next.put(name, new UserRecord(name, user.role(), hasher.hash(password)));
        saveUsers(next);
        verified.remove(name);
        LOG.info("Changed the password of user '{}'", name);
    }

    @Override
    public synchronized void deleteUser(String name) {
        UserRecord user = known(name);
        if (user.role() == Role.ADMIN && users.values().stream().filter(u -> u.role() == Role.ADMIN).count() == 1) {
            throw new IllegalArgumentException("user '" + name + "' is the last admin and cannot be removed");
        }
        Map<String, UserRecord> next = new java.util.LinkedHashMap<>(users);
        next.remove(name);
        saveUsers(next);
        verified.remove(name);
        List<TokenFile.Stored> remaining = tokens.values().stream().filter(t -> !t.token().user().equals(name)).toList();
        saveTokens(remaining);
        LOG.info("Removed user '{}' and their tokens", name);
    }

    @Override
    public List<Token> tokens() {
        return tokens.values().stream().map(TokenFile.Stored::token)
                .sorted(java.util.Comparator.comparing(Token::createdAt)).toList();
    }

    @Override
    public synchronized IssuedToken createToken(String user, Role role, String description, Instant expiresAt) {
        UserRecord owner = known(user);
        Role granted = role == null ? owner.role() : role;
        if (!owner.role().includes(granted)) {
            throw new IllegalArgumentException("user '" + user + "' has the role " + owner.role().id()
                    + " and cannot hold a token with the role " + granted.id());
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry " + expiresAt + " is in the past");
        }
        String id = hasher.generatePassword(12);
        String secret = hasher.generatePassword(40);
        Token token = new Token(id, user, granted, description == null ? "" : description, now, expiresAt);
        // expired tokens go now: every dashboard sign-in makes one, and none would ever leave the file
        List<TokenFile.Stored> next = new java.util.ArrayList<>(tokens.values().stream()
                .filter(t -> !expired(t.token(), now)).toList());
        int purged = tokens.size() - next.size();
        next.add(new TokenFile.Stored(token, sha256(secret)));
        saveTokens(next);
        LOG.info("Created API token {} for user '{}' with the role {}{}", id, user, granted.id(),
                purged == 0 ? "" : "; removed " + purged + " expired token(s)");
        return new IssuedToken(token, TOKEN_PREFIX + id + "_" + secret);
    }

    @Override
    public synchronized boolean revokeToken(String id) {
        if (!tokens.containsKey(id)) {
            return false;
        }
        saveTokens(tokens.values().stream().filter(t -> !t.token().id().equals(id)).toList());
        LOG.info("Revoked API token {}", id);
        return true;
    }

    private static boolean expired(Token token, Instant now) {
        return token.expiresAt() != null && !now.isBefore(token.expiresAt());
    }

    private UserRecord known(String name) {
        awaitUsers();
        UserRecord user = name == null ? null : users.get(name);
        if (user == null) {
            throw new IllegalArgumentException("no user is named '" + name + "'");
        }
        return user;
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD + " characters");
        }
    }

    /** Writes first, then changes what is in memory: a failed write changes nothing. */
    private void saveUsers(Map<String, UserRecord> next) {
        try {
            userFile.write(List.copyOf(next.values()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + userFile.path() + ": " + e.getMessage(), e);
        }
        users.keySet().retainAll(next.keySet());
        users.putAll(next);
    }

    private void saveTokens(List<TokenFile.Stored> next) {
        try {
            tokenFile.write(next);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the token store: " + e.getMessage(), e);
        }
        tokens.clear();
        next.forEach(t -> tokens.put(t.token().id(), t));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
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

    /** The first admin's password: from the environment, or generated into {@code etc/initial-admin-password}. */
    private char[] adminPassword(OrreryHome home, UnaryOperator<String> environment) throws IOException {
        String fromEnvironment = environment.apply(PASSWORD_ENV);
        char[] password;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            password = fromEnvironment.toCharArray();
            if (password.length < MIN_PASSWORD) {
                throw new IOException(PASSWORD_ENV + " holds " + password.length + " characters; a password needs at least "
                        + MIN_PASSWORD);
            }
            LOG.info("Created user '{}' with the password from {}", ADMIN, PASSWORD_ENV);
        } else {
            password = hasher.generatePassword(20).toCharArray();
            Path passwordFile = home.etc().resolve(INITIAL_PASSWORD_FILE);
            UserFile.writeOwnerOnly(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.warn("Created user '{}' with a generated password: it is in {} (readable by its owner only)",
                    ADMIN, passwordFile);
        }
        return password;
    }

    private byte[] fingerprint(String userName, char[] password) {
        try {
            Mac mac = newMac();
            mac.update(userName.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(PasswordHasher.utf8(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * A Mac under the cache key: a copy of {@link #keyedMac} (a provider look-up and a key set-up
     * per request cost more than the HMAC itself), or a new one where the provider cannot copy.
     */
    private Mac newMac() throws GeneralSecurityException {
        try {
            return (Mac) keyedMac.clone();
        } catch (CloneNotSupportedException e) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return mac;
        }
    }

    private record Verified(byte[] fingerprint, String passwordHash, long atNanos) {
    }
}
