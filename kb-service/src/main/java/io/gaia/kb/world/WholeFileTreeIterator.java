package io.gaia.kb.world;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * The state folder's working tree for {@code git add}, reading each file once and whole. JGit's add
 * takes a file's length from the directory listing and its bytes later; a fold that replaces the
 * file (by rename) in between made it store a blob cut short, or fail. Here the length is the
 * length of the bytes stored. The state folder has no clean filters or line-ending rules to apply.
 */
final class WholeFileTreeIterator extends FileTreeIterator {

    private Entry readEntry;
    private byte[] content;

    WholeFileTreeIterator(Repository repository) {
        super(repository);
    }

    private WholeFileTreeIterator(WholeFileTreeIterator parent) {
        super(parent, parent.getEntryFile(), parent.fs, parent.fileModeStrategy);
    }

    @Override
    protected AbstractTreeIterator enterSubtree() {
        return new WholeFileTreeIterator(this);
    }

    @Override
    public long getEntryContentLength() throws IOException {
        return content().length;
    }

    @Override
    public InputStream openEntryStream() throws IOException {
        return new ByteArrayInputStream(content());
    }

    private byte[] content() throws IOException {
        if (readEntry != current()) {
            content = Files.readAllBytes(getEntryFile().toPath());
            readEntry = current();
        }
        return content;
    }
}
