package dev.touchflow.replies.imap;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * A mailbox's messages after a UID, read in few commands: the UIDs, sizes and envelopes of them all in one,
 * then whole messages a chunk of up to {@link #CHUNK_BYTES} per command, rather than a round trip per
 * message (a server that answers each FETCH in time linear in the mailbox's size made that quadratic). A
 * message over the size limit is never fetched whole.
 */
final class NewMessages {

    private static final FetchProfile PREFETCH = new FetchProfile();
    private static final FetchProfile WHOLE = new FetchProfile();
    static final long CHUNK_BYTES = 4L * 1024 * 1024;

    static {
        PREFETCH.add(UIDFolder.FetchProfileItem.UID);
        PREFETCH.add(FetchProfile.Item.SIZE);
        PREFETCH.add(FetchProfile.Item.ENVELOPE);
        WHOLE.add(IMAPFolder.FetchProfileItem.MESSAGE);
    }

    private final Folder folder;
    private final Message[] messages;
    private final long maxMessageBytes;
    private int next;

    private NewMessages(Folder folder, Message[] messages, long maxMessageBytes) {
        this.folder = folder;
        this.messages = messages;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The messages of the open folder after UID {@code last}, their UIDs, sizes and envelopes read. */
    static NewMessages after(Folder folder, long last, long maxMessageBytes) throws MessagingException {
        Message[] messages = ((UIDFolder) folder).getMessagesByUID(last + 1, UIDFolder.LASTUID);
        folder.fetch(messages, PREFETCH);
        return new NewMessages(folder, messages, maxMessageBytes);
    }

    boolean hasNext() {
        return next < messages.length;
    }

    /** The next chunk: up to {@link #CHUNK_BYTES} of messages (at least one), those within the limit whole. */
    Message[] nextChunk() throws MessagingException {
        int from = next;
        long bytes = 0;
        while (next < messages.length && (next == from || bytes + size(messages[next]) <= CHUNK_BYTES)) {
            bytes += size(messages[next]);
            next++;
        }
        Message[] chunk = Arrays.copyOfRange(messages, from, next);
        List<Message> within = new ArrayList<>(chunk.length);
        for (Message message : chunk) {
            if (message.getSize() <= maxMessageBytes) {
                within.add(message);
            }
        }
        folder.fetch(within.toArray(Message[]::new), WHOLE);
        return chunk;
    }

    private static long size(Message message) throws MessagingException {
        return Math.max(message.getSize(), 0);
    }
}
