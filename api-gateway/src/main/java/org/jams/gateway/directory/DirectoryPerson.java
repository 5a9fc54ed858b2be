package org.jams.gateway.directory;

/**
 * A person as the directory describes them.
 *
 * @param dn       their entry, which their password is checked against
 * @param username the value of the username attribute, as the directory holds it
 * @param photoBase64 their photo (base64 image data), or null
 * @param groups   the DNs of the groups the directory lists them in (memberOf), under the group base DN when the
 *                 settings name one; sorted
 * @param disabled whether the directory says the account may not sign in (Active Directory: disabled or expired)
 */
public record DirectoryPerson(String dn, String username, String displayName, String firstName, String lastName,
                              String email, String photoBase64, java.util.List<String> groups, boolean disabled) {

    /** The display name, else the first and last names, else the username. */
    public String nameToShow() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName.trim();
        }
        String joined = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return joined.isEmpty() ? username : joined;
    }

    @Override
    public String toString() {
        return "DirectoryPerson[" + username + "]";
    }
}
