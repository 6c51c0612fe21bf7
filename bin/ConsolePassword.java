import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** bin/console-password NAME ROLE: prints "NAME = ROLE:pbkdf2-sha256:<iterations>:<salt>:<hash>" (ConsoleUser reads it). */
public class ConsolePassword {
    // OWASP's 2023 advice for PBKDF2-HMAC-SHA256
    static final int ITERATIONS = 600_000;

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("viewer") || args[1].equals("operator"))) {
            System.err.println("usage: bin/console-password NAME viewer|operator");
            System.exit(2);
        }
        Console console = System.console();
        char[] password = console != null ? console.readPassword("Password for %s: ", args[0])
                : new BufferedReader(new InputStreamReader(System.in)).readLine().toCharArray();
        if (password.length < 8) {
            System.err.println("The password needs 8 characters or more");
            System.exit(2);
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 256)).getEncoded();
        HexFormat hex = HexFormat.of();
        System.out.println(args[0] + " = " + args[1] + ":pbkdf2-sha256:" + ITERATIONS + ":" + hex.formatHex(salt) + ":"
                + hex.formatHex(hash));
    }
}
