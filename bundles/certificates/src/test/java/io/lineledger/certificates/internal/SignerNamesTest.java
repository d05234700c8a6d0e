package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signers' full names: read from the integrator's file at every use, every fault named with file and line. */
class SignerNamesTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("signers.properties"), text, StandardCharsets.UTF_8);
    }

    @Test
    void givesEachUserTheFullNameOfTheirLineSkippingCommentsAndBlankLines() throws IOException {
        SignerNames names = new SignerNames(file("\ufeff# who signs\n\n! also a comment\n"
                + "maria = Maria Rossi\n  ida=Ida Lindqvist-Åberg  \r\nsam = Sam = Okafor\n"));

        assertEquals(Map.of("maria", "Maria Rossi", "ida", "Ida Lindqvist-Åberg", "sam", "Sam = Okafor"),
                names.read());
        SignerNames.Signer maria = names.signer("maria");
        assertTrue(maria.named());
        assertEquals("Maria Rossi", maria.fullName());
        assertEquals(Optional.of("Maria Rossi (maria)"), maria.shown());
    }

    @Test
    void aUserWithoutALineIsToldWhatIsMissingAndWhoAddsIt() throws IOException {
        Path file = file("maria = Maria Rossi\n");

        SignerNames.Signer tom = new SignerNames(file).signer("tom");

        assertFalse(tom.named());
        assertFalse(tom.fileFault(), "the file is fine: only this user has no name");
        assertEquals(Optional.empty(), tom.shown());
        assertEquals("user 'tom' has no full name in " + file + ", and a signature must show the signer's full name:"
                + " an integrator adds the line 'tom = <full name>' to that file (it counts at once, no restart)",
                tom.problem());
    }

    @Test
    void aMissingFileNamesItAndNamesNobody() {
        Path file = dir.resolve("lineledger").resolve("signers.properties");

        SignerNames.Signer maria = new SignerNames(file).signer("maria");

        assertFalse(maria.named());
        assertTrue(maria.fileFault());
        assertEquals("the file of the signers' full names " + file + " does not exist: nobody can sign until an"
                + " integrator fixes it", maria.problem());
    }

    @Test
    void aMalformedLineNamesFileAndLineAndNamesNobody() throws IOException {
        assertMalformed("maria = Maria Rossi\n# ok\nida Lindqvist\n", "line 3: expected 'user = Full Name', got"
                + " 'ida Lindqvist'");
        assertMalformed("maria = \n", "line 1: the full name of 'maria' is empty");
        assertMalformed(" = Maria Rossi\n", "line 1: no user name before '=' in '= Maria Rossi'");
        assertMalformed("maria rossi = Maria Rossi\n", "line 1: the user name 'maria rossi' contains a space or"
                + " control character");
        assertMalformed("maria = Maria Rossi\nida = Ida\nmaria = Maria Bianchi\n", "line 3: user 'maria' is named"
                + " again (first on line 1)");
        assertMalformed("maria = Maria\u0007Rossi\n", "line 1: the full name of 'maria' contains a control"
                + " character");
        assertMalformed("maria = " + "M".repeat(SignerNames.MAX_NAME + 1) + "\n", "line 1: the full name of 'maria'"
                + " is longer than 200 characters");
    }

    private void assertMalformed(String text, String problem) throws IOException {
        Path file = file(text);
        SignerNames names = new SignerNames(file);

        SignerNames.FileProblem e = assertThrows(SignerNames.FileProblem.class, names::read);
        assertEquals(file + " " + problem, e.getMessage());
        SignerNames.Signer maria = names.signer("maria");
        assertFalse(maria.named(), "a malformed file names nobody: " + text);
        assertTrue(maria.fileFault());
        assertEquals(file + " " + problem + ": nobody can sign until an integrator fixes it", maria.problem());
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws IOException {
        Path file = Files.write(dir.resolve("signers.properties"), new byte[] {'m', '=', 'R', (byte) 0xf6, '\n'});

        SignerNames.FileProblem e = assertThrows(SignerNames.FileProblem.class, () -> new SignerNames(file).read());

        assertEquals(file + " is not UTF-8 text", e.getMessage());
    }

    @Test
    void aLineAddedOrCorrectedCountsAtTheNextUseWithoutARestart() throws IOException {
        Path file = file("maria = Maria Rossi\n");
        SignerNames names = new SignerNames(file);
        assertFalse(names.signer("ida").named());

        Files.writeString(file, "ida = Ida Lindqvist\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals("Ida Lindqvist", names.signer("ida").fullName());

        Files.writeString(file, "maria = Maria Rossi-Bianchi\n", StandardCharsets.UTF_8);
        assertEquals("Maria Rossi-Bianchi", names.signer("maria").fullName());
        assertFalse(names.signer("ida").named(), "a line taken away no longer names anyone");
    }

    @Test
    void aRelativePathIsReadFromKarafsEtcAndABlankOneIsRefusedNamingTheKey() {
        Path etc = dir.resolve("etc");

        assertEquals(etc.resolve("lineledger/signers.properties"),
                SignerNames.configured("signerNamesFile", " lineledger/signers.properties ", etc.toString()).file());
        assertEquals(Path.of("/srv/plant/signers.properties"),
                SignerNames.configured("signerNamesFile", "/srv/plant/signers.properties", etc.toString()).file());
        assertEquals(Path.of("lineledger/signers.properties"),
                SignerNames.configured("signerNamesFile", "lineledger/signers.properties", null).file());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignerNames.configured("signerNamesFile", "", etc.toString()));
        assertEquals("'signerNamesFile' must name the file of the signers' full names, got ''", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SignerNames.configured("signerNamesFile",
                "signers\u0000.properties", etc.toString()));
        assertTrue(e.getMessage().startsWith("'signerNamesFile' must be a file path, got 'signers"), e.getMessage());
    }
}
