"""A deterministic generator of realistic synthetic meeting-note folders for the benchmark.

Every note has frontmatter, an H1 with its date, "Previous meetings" links, an attendee table
drawn from a fixed pool of people (some names non-ASCII), agenda sections of task items with
nested discussion by initials, and links bare, inline and as `[text](url)`. Words follow a
Zipf-like distribution so that common and rare terms both exist. The same seed and count
always give byte-identical folders.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = (
    "Ana Bruno Chen Dagny Emeka Fatima Gustavo Hana Ines Jonas Kavya Lars Mei Nadia Oskar "
    "Priya Quentin Rosa Søren Tomás Uma Viktor Wanjiru Xavier Yuki Zoë Ömer Łukasz José Aiko"
).split()
LAST = (
    "Okafor Lindqvist Quiñones Kowalski Nakamura Haddad Petrov Müller Silva Dubois Novak "
    "Ferreira Yilmaz Kim Rossi Jansen Moreau Ivanova Costa Andersen Tanaka Horvat Brennan "
    "García Nguyen Schmidt Larsen Popescu Wójcik Fischer"
).split()
ORGS = (
    "Quay Labs|Riverbend Analytics|Lattice Systems|Nordström Data AB|Pinecrest Cooperative|"
    "Harbor Cloud|Oakline Research|Independent|Fjordworks|Copperleaf University"
).split("|")
SERIES = (
    "Community Call|Steering Committee|Storage WG|Release Sync|Docs Sprint|Security Triage|"
    "Connector SIG|Performance WG|Onboarding Office Hours|Roadmap Review|UI Sync|Infra Standup"
).split("|")
SECTIONS = ("Introductions", "Announcements", "New Agenda Items", "Follow-ups", "Demos")
WORDS = (
    "release connector checkpoint backpressure window join operator buffer spill metric "
    "design proposal runner pipeline schema migration codec avro parquet arrow kafka "
    "partition offset consumer producer latency throughput benchmark regression flaky test "
    "coverage documentation tutorial example onboarding contributor maintainer review "
    "triage issue label milestone roadmap deprecation compatibility upgrade downgrade "
    "config flag default option plugin extension api endpoint client server auth token "
    "permission role policy audit security vulnerability advisory patch hotfix backport "
    "branch merge rebase commit tag changelog version semver packaging wheel container "
    "image registry mirror cache storage bucket object snapshot compaction retention ttl "
    "index query planner optimizer statistics cardinality histogram sampling shard replica "
    "leader follower election consensus raft quorum heartbeat timeout retry backoff jitter "
    "circuit breaker queue scheduler worker thread async await future promise stream batch "
    "window session watermark trigger late event time processing state store rocksdb "
    "serialization deserialization protobuf json yaml toml cli terminal dashboard grafana "
    "prometheus tracing logging alert incident postmortem oncall rotation budget sponsor "
    "grant foundation governance charter vote election meetup conference talk workshop "
    "survey feedback newsletter blog website translation accessibility localisation "
    "we should could need want think agree discuss follow next week month quarter year "
    "team people folks someone everyone nobody maybe probably definitely already still "
    "draft doc link thread channel chat call notes agenda item topic question answer idea"
).split()
VERBS = "add fix update write review draft investigate benchmark ship test document".split()
PAD = ". Thanks everyone"


def _coined_words(count: int, seed: int = 11) -> list[str]:
    """Project names, jargon and rarer words: real notes have tens of thousands of distinct
    words (Heaps' law), not a few hundred. Pronounceable, deterministic, distinct."""
    rng = random.Random(seed)
    onsets, vowels, codas = (
        "b c d f g h k l m n p r s t v z br kr st tr pl".split(),
        "aeiou",
        ["", "n", "r", "l", "s", "x", "th", "k"],
    )
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.randint(2, 3)
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        words.setdefault(word + rng.choice(codas), None)
    return [w for w in words if w not in WORDS]


# The common words first, then 20 000 rarer ones; word n is drawn about 1/(n + 8) as often.
VOCABULARY = WORDS + _coined_words(20_000)
ZIPF = list(itertools.accumulate(1 / (rank + 8) for rank in range(len(VOCABULARY))))


def _people(rng: random.Random, count: int = 400) -> list[tuple[str, str, str, str]]:
    """(name, initials, org, handle) for a pool of people; initials repeat across people."""
    people = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        initials = (first[0] + last[0]).upper()
        handle = f"{first.lower()[:4]}{last.lower()[:3]}{n}".encode("ascii", "ignore").decode()
        people.append((name, initials, rng.choice(ORGS), handle))
    return people


DECIDED_SHARE = 0.1  # of agenda items that end with a "Decided:" line


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=ZIPF, k=words)).capitalize()


def _link(rng: random.Random) -> str:
    number = rng.randrange(1, 9000)
    style = rng.random()
    if style < 0.4:
        return f"https://github.com/example-org/project/issues/{number}"
    if style < 0.7:
        return f"[issue {number}](https://github.com/example-org/project/pull/{number})"
    return f"see https://docs.example.org/{rng.choice(WORDS)}/{number}"


def note_text(rng: random.Random, people, series: str, day: date, previous: list[date]) -> str:
    """One meeting note of roughly 5 KB."""
    attendees = rng.sample(people, rng.randrange(5, 18))
    lines = [
        "---",
        f"tags: [meeting-notes, {series.lower().replace(' ', '-')}]",
        f"series: {series}",
        "---",
        "",
        f"# {day.isoformat()} {series}",
        "",
        "## Previous meetings",
        "",
    ]
    lines += [f"- {d.isoformat()} https://notes.example.org/{d.isoformat()}" for d in previous]
    lines += ["", "## Attendees", "", "| Name | Initials | Affiliation | GH Username |"]
    lines += ["|------|----------|-------------|-------------|"]
    lines += [f"| {n} | {i} | {o} | {h} |" for n, i, o, h in attendees]
    lines += ["", f"{len(attendees)} people in total", ""]
    for section in SECTIONS:
        lines += [f"## {section}", ""]
        for _ in range(rng.randrange(2, 5)):
            speaker = rng.choice(attendees)[1]
            mark = "x" if rng.random() < 0.6 else " "
            text = _sentence(rng, rng.randrange(6, 16))
            tail = f" {_link(rng)}" if rng.random() < 0.5 else ""
            lines.append(f"- [{mark}] {speaker}: {text}{tail}")
            for _ in range(rng.randrange(0, 4)):
                who = rng.choice(attendees)[1]
                said = _sentence(rng, rng.randrange(8, 22))
                if rng.random() < 0.15:
                    said = f"{rng.choice(VERBS).capitalize()} {said.lower()}, I will take this"
                lines.append(f"    - {who}: {said}{PAD if rng.random() < 0.1 else ''}")
            # Decisions draw on their own generator, so the rest of the corpus is unchanged.
            decide = random.Random(f"{day}{series}{len(lines)}")
            if decide.random() < DECIDED_SHARE:
                lines.append(f"    - Decided: {_sentence(decide, decide.randrange(6, 14))}")
        lines.append("")
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` notes into `folder` (in series subfolders); return their paths."""
    rng = random.Random(seed)
    people = _people(rng)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2015, 1, 5)
    written: list[Path] = []
    history: dict[str, list[date]] = {}
    for n in range(count):
        series = SERIES[n % len(SERIES)]
        day = start + timedelta(days=n * 4015 // max(count, 1))
        previous = history.setdefault(series, [])
        slug = series.lower().replace(" ", "-")
        path = folder / slug / f"{day.isoformat()}-{slug}-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(note_text(rng, people, series, day, previous[-3:][::-1]), "utf-8")
        previous.append(day)
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    target, number = Path(sys.argv[1]), int(sys.argv[2])
    paths = generate(target, number)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} notes, {size / len(paths) / 1024:.1f} KB a note, in {target}")
