package org.jams.gateway.bench;

import java.util.List;
import java.util.Random;

/**
 * Names for generated people, shaped like an organisation's: display names repeat (many Olivias, many Martins),
 * usernames are {@code first.last} and a number, so a search can match one person, hundreds, or nobody.
 */
final class PeopleNames {

    static final List<String> FIRST = List.of("olivia", "liam", "emma", "noah", "amelia", "oliver", "sophia",
            "elijah", "charlotte", "james", "ava", "william", "mia", "benjamin", "isabella", "lucas", "evelyn",
            "henry", "harper", "theodore", "luna", "jack", "camila", "levi", "gianna", "alexander", "elizabeth",
            "jackson", "eleanor", "mateo", "ella", "daniel", "abigail", "michael", "sofia", "mason", "avery",
            "sebastian", "scarlett", "ethan", "emily", "logan", "aria", "owen", "penelope", "samuel", "chloe",
            "jacob", "layla", "asher");
    static final List<String> LAST = List.of("smith", "johnson", "williams", "brown", "jones", "garcia", "miller",
            "davis", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas",
            "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark",
            "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen",
            "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter",
            "roberts");

    record Person(String username, String displayName) {
    }

    private PeopleNames() {
    }

    /** Person {@code index}: the username is unique by its number, the display name is not. */
    static Person person(Random random, int index) {
        String first = FIRST.get(random.nextInt(FIRST.size()));
        String last = LAST.get(random.nextInt(LAST.size()));
        return new Person(first + "." + last + index, capitalized(first) + " " + capitalized(last));
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
