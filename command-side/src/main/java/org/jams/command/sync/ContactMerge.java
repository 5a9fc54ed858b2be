package org.jams.command.sync;

import org.jams.api.sync.Contact;

/**
 * Merges two views of one contact: the newest timestamps win, confirmation is kept once given, and the ban follows
 * the newest removal. Merging is commutative, so devices syncing in any order converge.
 */
public final class ContactMerge {

    private ContactMerge() {
    }

    public static Contact merge(Contact known, Contact incoming) {
        if (known == null) {
            return incoming;
        }
        long added = Math.max(known.added(), incoming.added());
        long removed = Math.max(known.removed(), incoming.removed());
        boolean confirmed = known.confirmed() || incoming.confirmed();
        boolean banned;
        if (incoming.removed() == known.removed()) {
            banned = known.banned() || incoming.banned();
        } else {
            banned = incoming.removed() > known.removed() ? incoming.banned() : known.banned();
        }
        String conversationId = newerConversation(known, incoming);
        return new Contact(known.uri(), added, removed, confirmed, banned, conversationId);
    }

    private static String newerConversation(Contact known, Contact incoming) {
        String mine = known.conversationId() == null ? "" : known.conversationId();
        String theirs = incoming.conversationId() == null ? "" : incoming.conversationId();
        if (mine.isEmpty()) {
            return theirs;
        }
        if (theirs.isEmpty()) {
            return mine;
        }
        if (incoming.added() != known.added()) {
            return incoming.added() > known.added() ? theirs : mine;
        }
        return mine.compareTo(theirs) <= 0 ? mine : theirs; // same time: any fixed rule keeps merging commutative
    }
}
