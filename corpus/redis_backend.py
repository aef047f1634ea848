"""The shared index: one Redis database, for several service replicas.

Every key lives under PREFIX in the database the url names
(`redis://host:port/db`).  Keys (ids and signatures are stored as raw bytes):

  meta                      hash: schema_version, scheme, band layouts, created
  generation                counter, bumped by every write (report caches key on it)
  docs                      sorted set of document ids, all score 0 (byte order, as SQLite's ORDER BY id)
  doc:<id>                  hash: text, sha1, added, length, signature, buckets, paras
  sha1:<sha1>               set of the ids whose raw text has that sha1
  dband:<band>:<bucket>     set of document ids (one set per document-level bucket)
  para:<pid>                hash: doc, start, end, signature, buckets
  paras                     sorted set of paragraph ids, score = id
  pband:<band>:<bucket>     set of paragraph ids
  next_para                 counter: paragraph ids are never reused

`buckets` and `paras` are packed little-endian int64 arrays.  A write reads the old
state of the documents it replaces under WATCH and applies deletions and insertions in
one MULTI/EXEC, so a batch is all or nothing and a concurrent writer (another replica)
makes it retry rather than interleave.  Durability is redis-server's: run it with
`--appendonly yes` for an index that survives a crash of the server itself.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from .backend import DocumentRecord, StoredParagraph, check_meta, content_sha1
from .errors import CorpusError

SCHEMA_VERSION = 2  # the first Redis layout; it starts at the SQLite schema's version
PREFIX = b"zhclean:"
_CHUNK = 1000  # commands per pipeline round trip on reads
_MAX_RETRIES = 50

try:  # an optional dependency at import time: only redis:// urls need it
    import redis
except ImportError:  # pragma: no cover - exercised only without the package
    redis = None


def _k(*parts: bytes | str | int) -> bytes:
    out = [PREFIX]
    for i, part in enumerate(parts):
        if i:
            out.append(b":")
        out.append(part if isinstance(part, bytes) else str(part).encode("utf-8"))
    return b"".join(out)


def _pband(band: int, bucket: int) -> bytes:
    """_k("pband", band, bucket), formatted directly: a document's lookup builds hundreds."""
    return b"%spband:%d:%d" % (PREFIX, band, bucket)


def _pack(values: Iterable[int]) -> bytes:
    return np.asarray(list(values), dtype="<i8").tobytes()


def _unpack(blob: bytes | None) -> list[int]:
    return np.frombuffer(blob, dtype="<i8").tolist() if blob else []


def _s(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8")


def redacted(url: str) -> str:
    """The url without its password, for stats and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + netloc))


class RedisBackend:
    """Stores the rows CorpusStore computes in Redis; see backend.Backend for the contract."""

    name = "redis"

    def __init__(self, url: str, *, scheme: str, layout: dict[str, str], signature_bytes: int):
        if redis is None:
            raise CorpusError("a redis:// corpus needs the `redis` Python package (pip install redis)")
        self.location = redacted(url)
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:
            raise CorpusError(f"bad corpus database url {self.location!r}: the port is not a number") from None
        if parts.scheme != "unix" and not (parts.path.strip("/").isdigit() or parts.path in ("", "/")):
            raise CorpusError(f"bad corpus database url {self.location!r}: use redis://host:port/db, "
                              "db a number (default 0)")
        self.scheme = scheme
        self.schema_version = SCHEMA_VERSION
        self._layout = layout
        self._signature_bytes = signature_bytes
        try:
            # The client's connection pool is thread-safe: one client serves every thread.
            self._r = redis.Redis.from_url(url, decode_responses=False, socket_connect_timeout=5,
                                           health_check_interval=30)
            self._new = self._initialise()
        except redis.RedisError as exc:
            raise CorpusError(f"cannot open corpus index {self.location}: {exc}") from exc
        except ValueError as exc:  # a malformed url (bad db number, port)
            raise CorpusError(f"bad corpus database url {self.location!r}: {exc}") from exc

    # -- opening -----------------------------------------------------------------

    def _initialise(self) -> bool:
        meta_key = _k("meta")
        with self._r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(meta_key, _k("docs"))
                    meta = pipe.hgetall(meta_key)
                    if meta:
                        pipe.reset()
                        break
                    if pipe.exists(_k("docs")):
                        raise CorpusError(f"{self.location} holds zhclean documents but no index metadata: "
                                          "not a usable zhclean corpus index")
                    pipe.multi()
                    pipe.hset(meta_key, mapping={
                        "schema_version": str(SCHEMA_VERSION), "scheme": self.scheme,
                        "created": str(time.time()), **self._layout,
                    })
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue  # another process created it first: read theirs
        check_meta(self.location, {_s(k): _s(v) for k, v in meta.items()}, self.scheme, self._layout,
                   SCHEMA_VERSION, migratable=())
        return False

    def is_new(self) -> bool:
        return self._new

    # -- writes ------------------------------------------------------------------

    def _old_state(self, ids: Sequence[str]) -> tuple[dict, dict]:
        """doc id -> (sha1, buckets, paragraph ids); paragraph id -> buckets, for the existing ids."""
        reader = self._r.pipeline(transaction=False)
        for doc_id in ids:
            reader.hmget(_k("doc", doc_id), "sha1", "buckets", "paras")
        docs = {}
        for doc_id, (sha1, buckets, paras) in zip(ids, reader.execute()):
            if sha1 is not None:
                docs[doc_id] = (sha1, _unpack(buckets), _unpack(paras))
        pids = [pid for _, _, paras in docs.values() for pid in paras]
        for pid in pids:
            reader.hget(_k("para", pid), "buckets")
        para_buckets = {pid: _unpack(b) for pid, b in zip(pids, reader.execute())}
        return docs, para_buckets

    @staticmethod
    def _queue_delete(pipe, doc_id: str, old: tuple, para_buckets: dict) -> None:
        sha1, buckets, paras = old
        id_bytes = doc_id.encode("utf-8")
        pipe.delete(_k("doc", doc_id))
        pipe.zrem(_k("docs"), id_bytes)
        pipe.srem(_k("sha1", sha1), id_bytes)
        for band, bucket in enumerate(buckets):
            pipe.srem(_k("dband", band, bucket), id_bytes)
        for pid in paras:
            for band, bucket in enumerate(para_buckets.get(pid, [])):
                pipe.srem(_pband(band, bucket), pid)
            pipe.delete(_k("para", pid))
        if paras:
            pipe.zrem(_k("paras"), *paras)

    def write_documents(self, records: Sequence[DocumentRecord]) -> None:
        # The last record of an id wins, as replacing them one after another would.
        latest = list({rec.id: rec for rec in records}.values())
        if not latest:
            return
        count = sum(len(rec.paragraphs) for rec in latest)
        first_pid = self._r.incrby(_k("next_para"), count) - count + 1 if count else 0
        doc_keys = [_k("doc", rec.id) for rec in latest]
        now = str(time.time())
        with self._r.pipeline() as pipe:
            for _ in range(_MAX_RETRIES):
                try:
                    pipe.watch(*doc_keys)
                    old_docs, para_buckets = self._old_state([rec.id for rec in latest])
                    pipe.multi()
                    pid = first_pid
                    for rec in latest:
                        if rec.id in old_docs:
                            self._queue_delete(pipe, rec.id, old_docs[rec.id], para_buckets)
                        id_bytes = rec.id.encode("utf-8")
                        pids = list(range(pid, pid + len(rec.paragraphs)))
                        pid += len(rec.paragraphs)
                        pipe.hset(_k("doc", rec.id), mapping={
                            "text": rec.text.encode("utf-8"), "sha1": rec.sha1, "added": now,
                            "length": len(rec.text), "signature": rec.signature,
                            "buckets": _pack(rec.buckets), "paras": _pack(pids),
                        })
                        pipe.zadd(_k("docs"), {id_bytes: 0})
                        pipe.sadd(_k("sha1", rec.sha1), id_bytes)
                        for band, bucket in enumerate(rec.buckets):
                            pipe.sadd(_k("dband", band, bucket), id_bytes)
                        for p, para in zip(pids, rec.paragraphs):
                            pipe.hset(_k("para", p), mapping={
                                "doc": id_bytes, "start": para.start, "end": para.end,
                                "signature": para.signature, "buckets": _pack(para.buckets),
                            })
                            for band, bucket in enumerate(para.buckets):
                                pipe.sadd(_pband(band, bucket), p)
                        if pids:
                            pipe.zadd(_k("paras"), {p: p for p in pids})
                    pipe.incr(_k("generation"))
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue
        raise CorpusError(f"{self.location}: gave up writing after {_MAX_RETRIES} conflicting writes")

    def delete_document(self, doc_id: str) -> bool:
        with self._r.pipeline() as pipe:
            for _ in range(_MAX_RETRIES):
                try:
                    pipe.watch(_k("doc", doc_id))
                    old_docs, para_buckets = self._old_state([doc_id])
                    if doc_id not in old_docs:
                        pipe.reset()
                        return False
                    pipe.multi()
                    self._queue_delete(pipe, doc_id, old_docs[doc_id], para_buckets)
                    pipe.incr(_k("generation"))
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue
        raise CorpusError(f"{self.location}: gave up deleting after {_MAX_RETRIES} conflicting writes")

    # -- derived artefacts ---------------------------------------------------------

    def get_blob(self, name: str) -> bytes | None:
        return self._r.get(_k("blob", name))

    def put_blob(self, name: str, data: bytes) -> None:
        self._r.set(_k("blob", name), data)

    # -- reads -------------------------------------------------------------------

    def generation(self) -> int:
        return int(self._r.get(_k("generation")) or 0)

    def get_text(self, doc_id: str) -> str | None:
        return _s(self._r.hget(_k("doc", doc_id), "text"))

    def list_ids(self, limit: int, offset: int) -> list[str]:
        if limit == 0:
            return []
        return [_s(i) for i in self._r.zrange(_k("docs"), offset, offset + limit - 1)]

    def counts(self) -> tuple[int, int]:
        with self._r.pipeline(transaction=False) as pipe:
            pipe.zcard(_k("docs"))
            pipe.zcard(_k("paras"))
            documents, paragraphs = pipe.execute()
        return documents, paragraphs

    def ids_with_sha1(self, sha1: str) -> list[str]:
        return sorted(_s(i) for i in self._r.smembers(_k("sha1", sha1)))

    def _all_ids(self) -> list[bytes]:
        return self._r.zrange(_k("docs"), 0, -1)

    def _hmget_many(self, keys: Sequence[bytes], *fields: str) -> Iterator[list]:
        for start in range(0, len(keys), _CHUNK):
            with self._r.pipeline(transaction=False) as pipe:
                for key in keys[start : start + _CHUNK]:
                    pipe.hmget(key, *fields)
                yield from pipe.execute()

    def document_signatures(self) -> dict[str, tuple[bytes, int]]:
        ids = self._all_ids()
        out = {}
        for doc_id, (sig, length) in zip(ids, self._hmget_many([_k("doc", i) for i in ids], "signature", "length")):
            if sig is not None:  # deleted between the two reads
                out[_s(doc_id)] = (sig, int(length))
        return out

    def document_candidate_pairs(self) -> set[tuple[str, str]]:
        # Grouped here from each document's stored buckets: one pass over the documents
        # instead of a SCAN over every bucket key.
        ids = self._all_ids()
        groups: dict[tuple[int, int], list[str]] = defaultdict(list)
        for doc_id, (buckets,) in zip(ids, self._hmget_many([_k("doc", i) for i in ids], "buckets")):
            for band, bucket in enumerate(_unpack(buckets)):
                groups[(band, bucket)].append(_s(doc_id))
        pairs = set()
        for members in groups.values():
            if len(members) > 1:
                members.sort()
                pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        return pairs

    def _paragraphs(self, pids: Sequence[int]) -> list[StoredParagraph]:
        out = []
        for pid, (doc, start, end, sig) in zip(
            pids, self._hmget_many([b"%spara:%d" % (PREFIX, p) for p in pids], "doc", "start", "end", "signature")
        ):
            if doc is not None:
                out.append(StoredParagraph(int(pid), _s(doc), int(start), int(end), sig))
        return out

    def paragraph_candidates(self, bucket_lists: Sequence[Sequence[int]]) -> list[list[StoredParagraph]]:
        # One pipeline of SUNIONs (one per query paragraph), then one of HMGETs for the
        # distinct paragraphs they name: two round trips for the whole document.
        asked = [k for k, buckets in enumerate(bucket_lists) if buckets]
        pid_lists: list[list[int]] = [[] for _ in bucket_lists]
        if not asked:
            return [[] for _ in bucket_lists]
        with self._r.pipeline(transaction=False) as pipe:
            for k in asked:
                pipe.sunion([_pband(band, bucket) for band, bucket in enumerate(bucket_lists[k])])
            for k, members in zip(asked, pipe.execute()):
                pid_lists[k] = sorted({int(p) for p in members})
        distinct = sorted({pid for pids in pid_lists for pid in pids})
        stored = {para.id: para for para in self._paragraphs(distinct)}
        return [[stored[pid] for pid in pids if pid in stored] for pids in pid_lists]

    def paragraphs_of(self, doc_id: str) -> list[StoredParagraph]:
        pids = _unpack(self._r.hget(_k("doc", doc_id), "paras"))
        return sorted(self._paragraphs(pids), key=lambda p: p.start)

    def paragraph_candidate_pairs(self) -> set[tuple[int, int]]:
        pids = [int(p) for p in self._r.zrange(_k("paras"), 0, -1)]
        groups: dict[tuple[int, int], list[tuple[int, bytes]]] = defaultdict(list)
        for pid, (doc, buckets) in zip(pids, self._hmget_many([_k("para", p) for p in pids], "doc", "buckets")):
            for band, bucket in enumerate(_unpack(buckets)):
                groups[(band, bucket)].append((pid, doc))
        pairs = set()
        for members in groups.values():
            if len(members) > 1:
                members.sort()
                pairs.update(
                    (p, q) for i, (p, dp) in enumerate(members) for q, dq in members[i + 1 :] if dp != dq
                )
        return pairs

    def iter_paragraphs(self) -> Iterator[StoredParagraph]:
        pids = [int(p) for p in self._r.zrange(_k("paras"), 0, -1)]
        for start in range(0, len(pids), _CHUNK):
            yield from self._paragraphs(pids[start : start + _CHUNK])

    # -- maintenance ---------------------------------------------------------------

    def check_integrity(self) -> list[str]:
        problems = []
        meta = {_s(k): _s(v) for k, v in self._r.hgetall(_k("meta")).items()}
        for key in ("schema_version", "scheme", *self._layout):
            if key not in meta:
                problems.append(f"meta lacks {key}")
        doc_bands = int(self._layout["document_bands"].split("x")[0])
        para_bands = int(self._layout["paragraph_bands"].split("x")[0])
        ids = self._all_ids()
        counters: dict[str, int] = defaultdict(int)
        listed_pids: dict[int, bytes] = {}
        doc_rows = self._hmget_many([_k("doc", i) for i in ids], "text", "sha1", "length", "signature", "buckets",
                                    "paras")
        membership = self._r.pipeline(transaction=False)
        expected_members = []
        for doc_id, (text, sha1, length, sig, buckets, paras) in zip(ids, doc_rows):
            if text is None:
                counters["listed documents without a record"] += 1
                continue
            decoded = text.decode("utf-8")
            counters["documents whose sha1 does not match their text"] += content_sha1(decoded) != _s(sha1)
            counters["documents whose stored length is not their text's"] += len(decoded) != int(length)
            counters["signatures of the wrong size"] += len(sig) != self._signature_bytes
            bucket_list = _unpack(buckets)
            counters["documents with a wrong number of band rows"] += len(bucket_list) not in (0, doc_bands)
            for band, bucket in enumerate(bucket_list):
                membership.sismember(_k("dband", band, bucket), doc_id)
                expected_members.append("document band rows missing")
            membership.sismember(_k("sha1", _s(sha1)), doc_id)
            expected_members.append("documents missing from their sha1 set")
            for pid in _unpack(paras):
                listed_pids[pid] = doc_id
        stored_pids = {int(p) for p in self._r.zrange(_k("paras"), 0, -1)}
        counters["paragraphs without a document"] += len(stored_pids - set(listed_pids))
        counters["paragraphs of a document missing from the paragraph list"] += len(set(listed_pids) - stored_pids)
        pids = sorted(stored_pids)
        lengths = dict(zip(ids, (row[0] for row in self._hmget_many([_k("doc", i) for i in ids], "length"))))
        for pid, (doc, start, end, sig, buckets) in zip(
            pids, self._hmget_many([_k("para", p) for p in pids], "doc", "start", "end", "signature", "buckets")
        ):
            if doc is None:
                counters["listed paragraphs without a record"] += 1
                continue
            counters["paragraphs whose document does not list them"] += listed_pids.get(pid) != doc
            length = lengths.get(doc)
            counters["paragraph spans outside their document"] += (
                length is None or not 0 <= int(start) < int(end) <= int(length)
            )
            counters["signatures of the wrong size"] += len(sig) != self._signature_bytes
            bucket_list = _unpack(buckets)
            counters["paragraphs with a wrong number of band rows"] += len(bucket_list) != para_bands
            for band, bucket in enumerate(bucket_list):
                membership.sismember(_pband(band, bucket), pid)
                expected_members.append("paragraph band rows missing")
        for label, present in zip(expected_members, membership.execute()):
            counters[label] += not present
        # Stale members of the band sets: entries whose document or paragraph is gone.
        known_ids, known_pids = set(ids), stored_pids
        for key in self._r.scan_iter(match=_k("dband", "*"), count=1000):
            counters["document band rows without a document"] += sum(
                m not in known_ids for m in self._r.smembers(key)
            )
        for key in self._r.scan_iter(match=_k("pband", "*"), count=1000):
            counters["paragraph band rows without a paragraph of that document"] += sum(
                int(m) not in known_pids for m in self._r.smembers(key)
            )
        problems += [f"{n} {label}" for label, n in counters.items() if n]
        return problems

    def close(self) -> None:
        self._r.close()
