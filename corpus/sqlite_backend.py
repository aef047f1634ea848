"""The embedded index: one SQLite file in WAL mode.

Thread safety: each thread gets its own sqlite3 connection (threading.local), so
readers run in parallel under WAL; writes are serialised by one lock in this process
(and by SQLite's own file lock, with a busy timeout, across processes).

Tables:
  meta(key, value)                 schema_version, scheme, band layouts, created, generation
  documents(id, text, sha1, added, length, signature)
  paragraphs(id, doc_id, start_offset, end_offset, signature)
  doc_bands(band, bucket, doc_id)            one row per document-level band
  para_bands(band, bucket, paragraph_id, doc_id)   one row per paragraph-level band
The band tables are keyed by (band, bucket), so a query reads only its own buckets.

Schema versions:
  1  the first release: document bands 20x6, no generation counter.
  2  document bands 32x4 (every candidate is verified, so more, shorter bands buy
     recall at 0.7 for a few more candidates); meta.generation, bumped by every write;
     no para_bands_doc index (rows are deleted by paragraph id, one index less to
     update on every add).
An index of version 1 is migrated in place when opened (one transaction: its buckets
are recomputed from the stored signatures, so no text is re-read); any other older
version is refused with a message, and so is a newer one.
"""

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

from .backend import DocumentRecord, StoredParagraph, check_meta, content_sha1
from .errors import CorpusError
from .lsh import Banding
from .minhash import EMPTY_SIGNATURE, from_bytes

SCHEMA_VERSION = 2
MIGRATABLE = (1,)  # older schema versions this code migrates in place
CACHE_KIB = 65536  # page cache per connection

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    sha1 TEXT NOT NULL,
    added REAL NOT NULL,
    length INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX documents_sha1 ON documents (sha1);
CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX paragraphs_doc ON paragraphs (doc_id);
CREATE TABLE doc_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, doc_id)
) WITHOUT ROWID;
CREATE INDEX doc_bands_doc ON doc_bands (doc_id);
CREATE TABLE para_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    paragraph_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, paragraph_id)
) WITHOUT ROWID;
CREATE INDEX para_bands_paragraph ON para_bands (paragraph_id);
"""

_PARAGRAPH_COLUMNS = "p.id, p.doc_id, p.start_offset, p.end_offset, p.signature"


class SQLiteBackend:
    """Stores the rows CorpusStore computes; see backend.Backend for the contract."""

    name = "sqlite"

    def __init__(self, path: str | os.PathLike, *, scheme: str, layout: dict[str, str], signature_bytes: int):
        self.path = Path(path)
        self.location = str(self.path.absolute())  # stats and messages stay meaningful after a chdir
        self.scheme = scheme
        self.schema_version = SCHEMA_VERSION
        self._layout = layout  # band layouts, checked like the scheme: buckets depend on them
        self._signature_bytes = signature_bytes
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._new = self._initialise()
        except (sqlite3.DatabaseError, OSError) as exc:
            self.close()
            raise CorpusError(f"cannot open corpus index {self.location}: {exc}") from exc
        except CorpusError:
            self.close()
            raise

    # -- connections -------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise CorpusError("the corpus store is closed")
            # check_same_thread=False only so close() may close every thread's
            # connection; each connection is still used by its own thread alone.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # Band rows go in at random keys: a bigger page cache than the default 2 MB keeps
            # bulk adds from thrashing once the indexes outgrow it.
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        """One write transaction under the write lock, committed or rolled back as a whole."""
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                # SQLite has already rolled back after some errors (a full disk): a second
                # ROLLBACK would fail and hide the real error.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _initialise(self) -> bool:
        conn = self._conn()
        # IMMEDIATE: two processes starting on a fresh file must not both create it.
        with self._transaction(conn):
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            created = "meta" not in tables
            if created:
                if tables:
                    raise CorpusError(f"{self.location} is an SQLite file but not a zhclean corpus index")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                meta = {
                    "schema_version": str(SCHEMA_VERSION),
                    "scheme": self.scheme,
                    "created": str(time.time()),
                    "generation": "0",
                    **self._layout,
                }
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        if created:
            return True
        self._check_meta(dict(conn.execute("SELECT key, value FROM meta")))
        return False

    def _check_meta(self, meta: dict[str, str]) -> None:
        old = check_meta(self.location, meta, self.scheme, self._layout, SCHEMA_VERSION, MIGRATABLE)
        if old is not None:
            self._migrate()

    def _migrate(self) -> None:
        """Bring an older index to SCHEMA_VERSION in one transaction (see the module docstring)."""
        conn = self._conn()
        with self._transaction(conn):
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            # Another process may have migrated it while we waited for the lock.
            old = check_meta(self.location, meta, self.scheme, self._layout, SCHEMA_VERSION, MIGRATABLE)
            if old is not None:
                if meta.get("document_bands") != self._layout["document_bands"]:
                    self._rebuild_bands(conn, "document")
                if meta.get("paragraph_bands") != self._layout["paragraph_bands"]:
                    self._rebuild_bands(conn, "paragraph")
                conn.execute("DROP INDEX IF EXISTS para_bands_doc")  # schema 2 deletes by paragraph id
                updates = {
                    **self._layout, "schema_version": str(SCHEMA_VERSION), "generation": "0",
                    "migrated_from": str(old), "migrated": str(time.time()),
                }
                conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", updates.items())

    def _rebuild_bands(self, conn: sqlite3.Connection, level: str) -> None:
        """Recompute one level's bucket rows from the stored signatures under the current layout."""
        banding = Banding.parse(self._layout[f"{level}_bands"])
        empty = EMPTY_SIGNATURE.tobytes()
        if level == "document":
            # A document without shingles had no band rows and must not get any.
            rows = conn.execute("SELECT id, signature FROM documents").fetchall()
            conn.execute("DELETE FROM doc_bands")
            for doc_id, sig in rows:
                if sig != empty:
                    conn.executemany(
                        "INSERT OR IGNORE INTO doc_bands (band, bucket, doc_id) VALUES (?, ?, ?)",
                        [(band, bucket, doc_id) for band, bucket in enumerate(banding.buckets(from_bytes(sig)))],
                    )
        else:
            rows = conn.execute("SELECT id, doc_id, signature FROM paragraphs").fetchall()
            conn.execute("DELETE FROM para_bands")
            for pid, doc_id, sig in rows:
                conn.executemany(
                    "INSERT INTO para_bands (band, bucket, paragraph_id, doc_id) VALUES (?, ?, ?, ?)",
                    [(band, bucket, pid, doc_id) for band, bucket in enumerate(banding.buckets(from_bytes(sig)))],
                )

    def is_new(self) -> bool:
        return self._new

    # -- writes ------------------------------------------------------------------

    def _delete(self, conn: sqlite3.Connection, doc_id: str) -> bool:
        conn.execute(
            "DELETE FROM para_bands WHERE paragraph_id IN (SELECT id FROM paragraphs WHERE doc_id = ?)", (doc_id,)
        )
        conn.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM doc_bands WHERE doc_id = ?", (doc_id,))
        return conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0

    def write_documents(self, records: Sequence[DocumentRecord]) -> None:
        conn = self._conn()
        now = time.time()
        with self._transaction(conn):
            for rec in records:
                self._delete(conn, rec.id)
                conn.execute(
                    "INSERT INTO documents (id, text, sha1, added, length, signature) VALUES (?, ?, ?, ?, ?, ?)",
                    (rec.id, rec.text, rec.sha1, now, len(rec.text), rec.signature),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO doc_bands (band, bucket, doc_id) VALUES (?, ?, ?)",
                    [(band, bucket, rec.id) for band, bucket in enumerate(rec.buckets)],
                )
                for para in rec.paragraphs:
                    cur = conn.execute(
                        "INSERT INTO paragraphs (doc_id, start_offset, end_offset, signature) VALUES (?, ?, ?, ?)",
                        (rec.id, para.start, para.end, para.signature),
                    )
                    pid = cur.lastrowid
                    conn.executemany(
                        "INSERT INTO para_bands (band, bucket, paragraph_id, doc_id) VALUES (?, ?, ?, ?)",
                        [(band, bucket, pid, rec.id) for band, bucket in enumerate(para.buckets)],
                    )
            self._bump(conn)

    def delete_document(self, doc_id: str) -> bool:
        conn = self._conn()
        with self._transaction(conn):
            found = self._delete(conn, doc_id)
            if found:
                self._bump(conn)
        return found

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    # -- derived artefacts ---------------------------------------------------------

    def get_blob(self, name: str) -> bytes | None:
        self._ensure_blobs()
        row = self._conn().execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def put_blob(self, name: str, data: bytes) -> None:
        self._ensure_blobs()
        with self._write_lock:
            self._conn().execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))

    def _ensure_blobs(self) -> None:
        # Added without a schema version bump: the table only caches what can be rebuilt.
        if not getattr(self, "_blobs_ready", False):
            with self._write_lock:
                self._conn().execute("CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL)")
            self._blobs_ready = True

    # -- reads -------------------------------------------------------------------

    def generation(self) -> int:
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def get_text(self, doc_id: str) -> str | None:
        row = self._conn().execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def list_ids(self, limit: int, offset: int) -> list[str]:
        rows = self._conn().execute("SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
        return [row[0] for row in rows]

    def counts(self) -> tuple[int, int]:
        conn = self._conn()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        paragraphs = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        return documents, paragraphs

    def ids_with_sha1(self, sha1: str) -> list[str]:
        return [row[0] for row in self._conn().execute("SELECT id FROM documents WHERE sha1 = ?", (sha1,))]

    def document_signatures(self) -> dict[str, tuple[bytes, int]]:
        rows = self._conn().execute("SELECT id, signature, length FROM documents")
        return {doc_id: (sig, length) for doc_id, sig, length in rows}

    def document_candidate_pairs(self) -> set[tuple[str, str]]:
        rows = self._conn().execute(
            "SELECT DISTINCT x.doc_id, y.doc_id FROM doc_bands x JOIN doc_bands y"
            " ON x.band = y.band AND x.bucket = y.bucket AND x.doc_id < y.doc_id"
        )
        return {(a, b) for a, b in rows}

    def paragraph_candidates(self, bucket_lists: Sequence[Sequence[int]]) -> list[list[StoredParagraph]]:
        out: list[list[StoredParagraph]] = [[] for _ in bucket_lists]
        bands = max(map(len, bucket_lists), default=0)
        if not bands:
            return out
        if any(len(buckets) != bands for buckets in bucket_lists):
            raise ValueError("every paragraph has one bucket per band")
        # All the buckets as one JSON array, paragraph k's band i at index k * bands + i: one
        # statement whatever the paragraph count (so it is prepared once and cached), each
        # bucket one primary-key search (CROSS JOIN fixes the order).  DISTINCT on the ids
        # alone: de-duplicating whole rows would compare signature blobs.
        rows = self._conn().execute(
            f"WITH hits AS (SELECT DISTINCT j.key / {bands:d} AS k, b.paragraph_id FROM json_each(?) j"
            f" CROSS JOIN para_bands b ON b.band = j.key % {bands:d} AND b.bucket = j.value)"
            f" SELECT hits.k, {_PARAGRAPH_COLUMNS} FROM hits CROSS JOIN paragraphs p ON p.id = hits.paragraph_id",
            # As text: SQLite 3.45+ would read a BLOB argument as its binary JSONB.
            (msgspec.json.encode([bucket for buckets in bucket_lists for bucket in buckets]).decode("ascii"),),
        )
        stored: dict[int, StoredParagraph] = {}
        for k, pid, *rest in rows:
            para = stored.get(pid)
            if para is None:
                para = stored[pid] = StoredParagraph(pid, *rest)
            out[k].append(para)
        return out

    def paragraphs_of(self, doc_id: str) -> list[StoredParagraph]:
        rows = self._conn().execute(
            f"SELECT {_PARAGRAPH_COLUMNS} FROM paragraphs p WHERE p.doc_id = ? ORDER BY p.start_offset", (doc_id,)
        )
        return [StoredParagraph(*row) for row in rows]

    def paragraph_candidate_pairs(self) -> set[tuple[int, int]]:
        rows = self._conn().execute(
            "SELECT DISTINCT x.paragraph_id, y.paragraph_id FROM para_bands x JOIN para_bands y"
            " ON x.band = y.band AND x.bucket = y.bucket AND x.paragraph_id < y.paragraph_id"
            " WHERE x.doc_id <> y.doc_id"
        )
        return {(p, q) for p, q in rows}

    def iter_paragraphs(self) -> Iterator[StoredParagraph]:
        rows = self._conn().execute(f"SELECT {_PARAGRAPH_COLUMNS} FROM paragraphs p ORDER BY p.id")
        for row in rows:
            yield StoredParagraph(*row)

    # -- maintenance ---------------------------------------------------------------

    def check_integrity(self) -> list[str]:
        conn = self._conn()
        problems = [f"sqlite: {row[0]}" for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        for key in ("schema_version", "scheme", "generation", *self._layout):
            if key not in meta:
                problems.append(f"meta lacks {key}")
        doc_bands = int(self._layout["document_bands"].split("x")[0])
        para_bands = int(self._layout["paragraph_bands"].split("x")[0])
        checks = {
            "paragraphs without a document":
                "SELECT count(*) FROM paragraphs WHERE doc_id NOT IN (SELECT id FROM documents)",
            "document band rows without a document":
                "SELECT count(*) FROM doc_bands WHERE doc_id NOT IN (SELECT id FROM documents)",
            "paragraph band rows without a paragraph of that document":
                "SELECT count(*) FROM para_bands b LEFT JOIN paragraphs p ON p.id = b.paragraph_id"
                " WHERE p.id IS NULL OR p.doc_id <> b.doc_id",
            "documents with a wrong number of band rows":
                "SELECT count(*) FROM (SELECT d.id, count(b.band) AS n FROM documents d"
                f" LEFT JOIN doc_bands b ON b.doc_id = d.id GROUP BY d.id) WHERE n NOT IN (0, {doc_bands})",
            "paragraphs with a wrong number of band rows":
                "SELECT count(*) FROM (SELECT p.id, count(b.band) AS n FROM paragraphs p"
                f" LEFT JOIN para_bands b ON b.paragraph_id = p.id GROUP BY p.id) WHERE n <> {para_bands}",
            "paragraph spans outside their document":
                "SELECT count(*) FROM paragraphs p JOIN documents d ON d.id = p.doc_id"
                " WHERE p.start_offset < 0 OR p.start_offset >= p.end_offset OR p.end_offset > d.length",
            "signatures of the wrong size":
                f"SELECT (SELECT count(*) FROM documents WHERE length(signature) <> {self._signature_bytes})"
                f" + (SELECT count(*) FROM paragraphs WHERE length(signature) <> {self._signature_bytes})",
        }
        for label, sql in checks.items():
            n = conn.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {label}")
        # In Python: SQLite's length() stops at a NUL, which scraped text may contain.
        bad_sha1 = bad_length = 0
        for text, sha1, length in conn.execute("SELECT text, sha1, length FROM documents"):
            bad_sha1 += content_sha1(text) != sha1
            bad_length += len(text) != length
        if bad_sha1:
            problems.append(f"{bad_sha1} documents whose sha1 does not match their text")
        if bad_length:
            problems.append(f"{bad_length} documents whose stored length is not their text's")
        return problems

    def close(self) -> None:
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()
