"""The deadline rush: 300 organisations upload their final presentations in the last minute
before the deadline, while beat's deadline job fires (run by ``make stress``).

    .venv/bin/python bench/stress.py [--organisations 300] [--clients 8]

The portal runs as in production (bench/harness.py): gunicorn, a Celery worker and beat, on a
PostgreSQL database and Redis databases of its own. Two cohort-wide meetings share one deadline:
one accepts late uploads and marks them late, the other refuses them. Each organisation has a
part in the rush:

- early: already had a final presentation before the rush (gets no reminder), half upload again;
- on time: one upload, or a draft and then a final, in the minute before the deadline;
- late: one upload after the deadline (accepted as late, or refused, by the meeting's policy);
- extension: one upload after the ordinary deadline, within its own later deadline (on time);
- missing: never uploads; some of them send a truncated file, cut the request body short or hang
  up in the middle of the upload, which must leave nothing behind.

Afterwards, in this process and against the database and the files: every answered upload is
stored and its stored bytes have the checksum the client sent; nothing else was stored (no row,
file or temporary upload file left by a failed or abandoned request); the late ones follow the
policy; each organisation has the right deadline outcome; and the outbox sent exactly the
invitations, reminders and deadline summaries it should, once each (the e-mails are also read
back from the file-based mail folder). The table is printed and written to
bench/results/stress-<time>.md and .json; the exit status is 1 when an upload was lost, a
message was sent twice, anything was answered 5xx or any other check failed.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.header
import hashlib
import io
import json
import logging
import queue
import random
import socket
import sys
import threading
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Stack, session_cookie  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PRE_WINDOW = 60.0  # seconds of uploads before the deadline
DEADLINE_JOB_AFTER = 20.0  # beat's deadline job is due this long after the deadline
LATE_WINDOW = 40.0  # seconds of late uploads after the deadline
EXTENSION_MINUTES = 10

# --- presentation files ------------------------------------------------------------------


def _pptx_template(size: int, seed: int) -> list[tuple[str, bytes]]:
    """A real presentation (python-pptx) with a title slide and an incompressible picture, so
    the file is about ``size`` bytes. Returned as its zip members, to stamp copies from."""
    from PIL import Image
    from pptx import Presentation as PptxDocument
    from pptx.util import Inches

    rng = random.Random(seed)
    pixels = max(64, int(((size - 40_000) / 3) ** 0.5))
    image = Image.frombytes("RGB", (pixels, pixels), rng.randbytes(pixels * pixels * 3))
    picture = io.BytesIO()
    image.save(picture, format="PNG", compress_level=0)
    document = PptxDocument()
    slide = document.slides.add_slide(document.slide_layouts[5])
    slide.shapes.title.text = "Slutlig presentation"
    picture.seek(0)
    slide.shapes.add_picture(picture, Inches(1), Inches(1.5), width=Inches(4))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


class Files:
    """Distinct presentation files of 1–5 MB: a few templates, each copy stamped with its own
    title in docProps/core.xml (pictures stored, not recompressed, so a copy takes milliseconds)."""

    def __init__(self, count: int = 6):
        sizes = [1_100_000 + i * (3_800_000 // max(1, count - 1)) for i in range(count)]
        self.templates = [_pptx_template(size, seed) for seed, size in enumerate(sizes)]

    def make(self, index: int, stamp: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in self.templates[index % len(self.templates)]:
                if name == "docProps/core.xml":
                    data = (
                        data.replace(b"<dc:title>", f"<dc:title>{stamp} ".encode(), 1)
                        if b"<dc:title>" in data
                        else data.replace(
                            b"</cp:coreProperties>",
                            f"<dc:title>{stamp}</dc:title></cp:coreProperties>".encode(),
                        )
                    )
                media = name.startswith("ppt/media/")
                archive.writestr(name, data, zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED)
        return out.getvalue()


# --- the plan ----------------------------------------------------------------------------


@dataclass
class Org:
    pk: int
    code: str
    role: str  # early, ontime, late, extension, missing
    meeting_pk: int
    cookie: str
    members: list[str]
    bad: str = ""  # truncated, cut, hangup (missing orgs), or "hangup-then-ok" (on time)


@dataclass
class Job:
    at: float  # seconds relative to the deadline
    org: Org
    kind: str  # upload, double (the same form twice at once), truncated, cut, hangup
    file_index: int


def plan(orgs: list[Org], rng: random.Random) -> list[Job]:
    jobs: list[Job] = []
    for number, org in enumerate(orgs):
        if org.role == "ontime":
            if org.bad:
                jobs.append(Job(rng.uniform(-PRE_WINDOW, -30), org, "hangup", number))
                jobs.append(Job(rng.uniform(-25, -5), org, "upload", number))
            elif number % 13 == 2:  # the form sent twice at once (a double click)
                jobs.append(Job(rng.uniform(-PRE_WINDOW, -3), org, "double", number))
            elif number % 3 == 0:  # a draft, then the final
                first = rng.uniform(-PRE_WINDOW, -20)
                jobs.append(Job(first, org, "upload", number))
                jobs.append(Job(first + rng.uniform(6, 14), org, "upload", number + 1))
            else:
                jobs.append(Job(rng.uniform(-PRE_WINDOW, -3), org, "upload", number))
        elif org.role == "early" and number % 2 == 0:
            jobs.append(Job(rng.uniform(-PRE_WINDOW, -3), org, "upload", number))
        elif org.role in ("late", "extension"):
            jobs.append(Job(rng.uniform(1.5, LATE_WINDOW), org, "upload", number))
        elif org.role == "missing" and org.bad:
            jobs.append(Job(rng.uniform(-PRE_WINDOW, -3), org, org.bad, number))
    return sorted(jobs, key=lambda job: job.at)


# --- clients -----------------------------------------------------------------------------


class Rush:
    def __init__(self, stack: Stack, files: Files, deadline_ts: float, clients: int):
        self.stack = stack
        self.files = files
        self.deadline_ts = deadline_ts
        self.clients = clients
        self.csrf: dict[int, str] = {}
        self.csrf_lock = threading.Lock()
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    def record(self, **row) -> dict:
        with self.lock:
            self.requests.append(row)
        return row

    def run(self, jobs: list[Job]) -> None:
        work: queue.Queue[Job | None] = queue.Queue()
        for job in jobs:
            work.put(job)
        threads = [threading.Thread(target=self._client, args=(work,)) for _ in range(self.clients)]
        for _ in threads:
            work.put(None)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _client(self, work: queue.Queue) -> None:
        import httpx

        with httpx.Client(base_url=self.stack.url(""), timeout=120) as client:
            while (job := work.get()) is not None:
                delay = self.deadline_ts + job.at - time.time()
                if delay > 0:
                    time.sleep(delay)
                try:
                    self._do(client, job)
                except Exception as exc:  # a client-side failure is a failure, not a crash
                    self.record(
                        kind=job.kind,
                        org=job.org.code,
                        status=0,
                        error=repr(exc)[:200],
                        started=time.time(),
                        latency=0.0,
                    )

    def _token(self, client, org: Org) -> str:
        with self.csrf_lock:
            if org.pk in self.csrf:
                return self.csrf[org.pk]
        started = time.time()
        answer = client.get(f"/meetings/{org.meeting_pk}/", headers={"Cookie": org.cookie})
        self.record(
            kind="page",
            org=org.code,
            status=answer.status_code,
            started=started,
            latency=time.time() - started,
        )
        token = answer.cookies.get("csrftoken", "")
        with self.csrf_lock:
            self.csrf[org.pk] = token
        return token

    def _body(self, job: Job, content: bytes, token: str, upload_id: str) -> tuple[bytes, str]:
        boundary = uuid.uuid4().hex
        name = f"Slutlig presentation {job.org.code}.pptx"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload_id"'
            f"\r\n\r\n{upload_id}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.'
            "presentationml.presentation\r\n\r\n".encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        return b"".join(parts), f"multipart/form-data; boundary={boundary}"

    def _do(self, client, job: Job) -> None:
        org = job.org
        token = self._token(client, org)
        content = self.files.make(job.file_index, f"{org.code}-{uuid.uuid4().hex[:8]}")
        upload_id = uuid.uuid4().hex
        path = f"/meetings/{org.meeting_pk}/organisations/{org.code}/presentations/"
        headers = {
            "Cookie": f"{org.cookie}; csrftoken={token}",
            "Accept": "application/json",
        }
        if job.kind == "truncated":  # a damaged file: the first two thirds of a presentation
            content = content[: len(content) * 2 // 3]
        body, content_type = self._body(job, content, token, upload_id)
        if job.kind == "cut":  # the body ends in the middle of the file, without its boundary
            body = body[: len(body) // 2]
        row = dict(
            kind=job.kind,
            org=org.code,
            role=org.role,
            meeting=org.meeting_pk,
            upload_id=upload_id,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            planned=job.at,
        )
        if job.kind == "hangup":
            started = time.time()
            self._hang_up(path, headers, body, content_type)
            self.record(**row, status=None, started=started, latency=time.time() - started)
            return
        headers["Content-Type"] = content_type
        if job.kind == "double":
            import httpx

            with httpx.Client(base_url=self.stack.url(""), timeout=120) as second:
                twin = threading.Thread(target=self._post, args=(second, path, body, headers, row))
                twin.start()
                self._post(client, path, body, headers, row)
                twin.join()
            return
        self._post(client, path, body, headers, row)

    def _post(self, client, path: str, body: bytes, headers: dict, row: dict) -> None:
        started = time.time()
        answer = client.post(path, content=body, headers=headers)
        ended = time.time()
        try:
            payload = answer.json()
        except ValueError:
            payload = {}
        self.record(
            **row,
            status=answer.status_code,
            started=started,
            ended=ended,
            latency=ended - started,
            errors=payload.get("errors", []),
        )

    def _hang_up(self, path: str, headers: dict, body: bytes, content_type: str) -> None:
        """Send the headers and 40 % of the body, then close the connection."""
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.stack.port}\r\n"
            + "".join(f"{key}: {value}\r\n" for key, value in headers.items())
            + f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", self.stack.port), timeout=30) as sock:
            sock.sendall(head)
            sock.sendall(body[: len(body) * 2 // 5])
            time.sleep(0.3)


# --- the run -----------------------------------------------------------------------------


def set_up(stack: Stack, organisations: int, files: Files) -> tuple[list[Org], dict]:
    """Two cohorts, each with a published cohort-wide meeting; bulk-created organisations,
    members and organisers. Returns the organisations and the meetings' facts."""
    from django.utils import timezone

    from meetings.demo import seed_step_tasks, seed_steps

    seed_steps()
    seed_step_tasks()
    with (ROOT / "portal" / "data" / "swedish_organisations.csv").open(encoding="utf-8") as f:
        known = list(csv.DictReader(f))[:organisations]
    organisations_by_code, people = create_organisations_and_people(known)
    now = timezone.now()
    meetings = create_meetings(stack, known, organisations_by_code, people, now)
    orgs = give_parts(meetings, organisations_by_code, people)
    early = upload_early(orgs, files, organisations_by_code, people, now)
    return orgs, {"meetings": meetings, "early": early}


def create_organisations_and_people(known: list[dict]) -> tuple[dict, dict]:
    """The organisations; a participant of each (and a controller of every tenth) with a
    membership, and four organisers, all with a verified e-mail address and no password.
    Returns the organisations by code and the people by e-mail address."""
    from allauth.account.models import EmailAddress

    from portal.models import Membership, Organisation, User

    Organisation.objects.bulk_create(
        Organisation(code=row["code"], name=row["name"], kind=row["kind"]) for row in known
    )
    organisations_by_code = {o.code: o for o in Organisation.objects.all()}
    users = []
    for number, row in enumerate(known):
        users.append(
            User(email=f"deltagare-{row['code']}@example.org", full_name=f"Deltagare {row['code']}")
        )
        if number % 10 == 0:  # some organisations have two people in the team
            users.append(User(email=f"controller-{row['code']}@example.org"))
    for organiser in range(4):
        users.append(
            User(email=f"samordnare-{organiser}@example.org", full_name=f"Samordnare {organiser}")
        )
    for person in users:
        person.set_unusable_password()
    User.objects.bulk_create(users)
    people = {u.email: u for u in User.objects.all()}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people.values()
    )
    Membership.objects.bulk_create(
        Membership(
            user=u,
            organisation=organisations_by_code[u.email.split("-")[1].split("@")[0]],
            team_role="strategist" if u.email.startswith("deltagare") else "controller",
        )
        for u in people.values()
        if not u.email.startswith("samordnare")
    )
    return organisations_by_code, people


def create_meetings(
    stack: Stack, known: list[dict], organisations_by_code: dict, people: dict, now: datetime
) -> dict:
    """Two cohorts of half the organisations each, with two organisers and a published results
    conference eight days ahead (the deadline is moved later): the first accepts late uploads,
    the second refuses them. Returns the meetings' facts by pk."""
    from django.utils import timezone

    from meetings import services
    from meetings.models import Meeting, Step
    from portal.models import Cohort, CohortOrganiser, Enrolment

    provisional = timezone.localtime(now + timedelta(days=8))
    meetings = {}
    step = Step.objects.get(code="resultatkonferens")
    halves = [known[0::2], known[1::2]]
    for number, policy in enumerate([Meeting.LatePolicy.ACCEPT_LATE, Meeting.LatePolicy.REFUSE]):
        cohort = Cohort.objects.create(
            name=f"Omgång stress {number + 1}",
            starts_on=now.date(),
            ends_on=now.date() + timedelta(days=400),
        )
        Enrolment.objects.bulk_create(
            Enrolment(cohort=cohort, organisation=organisations_by_code[row["code"]])
            for row in halves[number]
        )
        organisers = [
            people[f"samordnare-{2 * number}@example.org"],
            people[f"samordnare-{2 * number + 1}@example.org"],
        ]
        CohortOrganiser.objects.bulk_create(
            CohortOrganiser(user=u, cohort=cohort) for u in organisers
        )
        meeting = services.meeting_create(
            cohort=cohort,
            cluster=None,
            step=step,
            title=f"Slutseminarium {number + 1} ({'sena tas emot' if policy == 'accept_late' else 'sena nekas'})",
            starts_at=provisional,
            ends_at=provisional + timedelta(hours=5),
            by=organisers[0],
            late_policy=policy,
        )
        meeting.organisers.add(organisers[1])
        services.meeting_publish(meeting=meeting, by=organisers[0])
        meetings[meeting.pk] = {
            "pk": meeting.pk,
            "policy": policy,
            "organisers": [u.email for u in organisers],
            "codes": [row["code"] for row in halves[number]],
        }
    return meetings


def give_parts(meetings: dict, organisations_by_code: dict, people: dict) -> list[Org]:
    """Each organisation's part in the rush (a fixed spread over the roles), the bad clients
    among the missing and the on-time ones, its members and a logged-in session."""
    orgs: list[Org] = []
    roles = ["early"] * 10 + ["ontime"] * 70 + ["late"] * 12 + ["extension"] * 3 + ["missing"] * 5
    bad_for_missing = ["truncated", "cut", "hangup"]
    missing_seen = 0
    ontime_bad = 0
    for meeting in meetings.values():
        for number, code in enumerate(meeting["codes"]):
            organisation = organisations_by_code[code]
            members = sorted(
                p.email for p in people.values() if p.email.split("-")[-1] == f"{code}@example.org"
            )
            role = roles[(number * 37) % len(roles)]
            bad = ""
            if role == "missing":
                bad = bad_for_missing[missing_seen % 4] if missing_seen % 4 < 3 else ""
                missing_seen += 1
            elif role == "ontime" and ontime_bad < 4 and number % 5 == 1:
                bad, ontime_bad = "hangup-then-ok", ontime_bad + 1
            orgs.append(
                Org(
                    pk=organisation.pk,
                    code=code,
                    role=role,
                    meeting_pk=meeting["pk"],
                    cookie=session_cookie(people[f"deltagare-{code}@example.org"]),
                    members=members,
                    bad=bad,
                )
            )
    return orgs


def upload_early(
    orgs: list[Org], files: Files, organisations_by_code: dict, people: dict, now: datetime
) -> list[dict]:
    """The early ones uploaded their final presentation two days ago. Returns, for each, the
    organisation's code, the presentation's pk and its checksum."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services
    from meetings.models import Meeting

    early = []
    for org in orgs:
        if org.role == "early":
            content = files.make(org.pk, f"{org.code}-tidig")
            presentation = services.presentation_upload(
                meeting=Meeting.objects.get(pk=org.meeting_pk),
                organisation=organisations_by_code[org.code],
                uploaded=SimpleUploadedFile(f"Tidig {org.code}.pptx", content),
                by=people[f"deltagare-{org.code}@example.org"],
                now=now - timedelta(days=2),
            )
            early.append(
                {
                    "org": org.code,
                    "pk": presentation.pk,
                    "sha256": hashlib.sha256(content).hexdigest(),
                }
            )
    return early


def move_deadline(meetings: dict, orgs: list[Org], deadline: datetime) -> None:
    """Put both meetings' deadline (start − 7 days, Stockholm time) at ``deadline``; give the
    extension organisations ten more minutes. Direct updates: set-up, not an organiser's edit."""
    from django.utils import timezone

    from meetings.models import Extension, Meeting
    from portal.models import User

    local = timezone.localtime(deadline)
    starts = local + timedelta(days=7)
    Meeting.objects.filter(pk__in=meetings).update(
        starts_at=starts, ends_at=starts + timedelta(hours=5)
    )
    for meeting in Meeting.objects.filter(pk__in=meetings):
        assert abs((meeting.deadline - deadline).total_seconds()) < 0.001, meeting.deadline
    organiser = {pk: User.objects.get(email=m["organisers"][0]) for pk, m in meetings.items()}
    Extension.objects.bulk_create(
        Extension(
            meeting_id=org.meeting_pk,
            organisation_id=org.pk,
            deadline=deadline + timedelta(minutes=EXTENSION_MINUTES),
            reason="Sjukdom i teamet",
            granted_by=organiser[org.meeting_pk],
        )
        for org in orgs
        if org.role == "extension"
    )


def wait_for(condition, timeout: float, step: float = 0.5) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def beat_started(stack: Stack, timeout: float = 60) -> float:
    """When beat started: its interval jobs (the deadline job every 60 s) are due from then on."""
    log = stack.log_dir / "beat.log"
    found: list[float] = []

    def started() -> bool:
        for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
            if "beat: Starting..." in line:  # [2026-11-23 16:40:00,123: INFO/MainProcess] ...
                stamp, millis = line[1:24].split(",")
                found.append(
                    time.mktime(time.strptime(stamp, "%Y-%m-%d %H:%M:%S")) + int(millis) / 1000
                )
                return True
        return False

    if not wait_for(started, timeout, step=0.2):
        raise RuntimeError(f"beat did not start; see {log}")
    return found[0]


def outbox_settled() -> bool:
    from portal.models import OutgoingEmail

    return not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).exists()


def read_mail_folder(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the file-based backend wrote."""
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            subject = str(
                email.header.make_header(email.header.decode_header(message["Subject"] or ""))
            )
            found.append((message["To"] or "", subject))
    return found


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    """Set up, start the servers, run the rush, check everything afterwards, report."""
    args = parse_arguments()
    rng = random.Random(args.seed)
    began = time.time()
    stack = make_stack(args.web_workers)
    checks: dict[str, bool] = {}
    problems: list[str] = []
    with stack:
        tmp, files, orgs, facts = prepare_data(stack, args.organisations)
        meetings = facts["meetings"]
        tick = start_servers(stack)
        deadline = place_deadline(tick, meetings, orgs, problems)
        rushed = run_the_rush(stack, files, orgs, meetings, deadline, tmp, args.clients, rng)
        access = wait_until_settled(stack, meetings)

        # --- verification -----------------------------------------------------------------
        texts = swedish_texts()
        answers = sort_answers(rushed.rush.requests, access, texts)
        found = verify_files(answers.uploads, orgs, facts, tmp, texts, problems)
        timing = verify_late_uploads(
            answers.uploads, found, orgs, meetings, deadline.timestamp(), texts, problems
        )
        wrong_outcomes = verify_outcomes(orgs, found.all_rows)
        processed = deadline_job_runs(meetings)
        messages = verify_messages(orgs, meetings, found.all_rows)
        checks = decide(answers, found, wrong_outcomes, processed, messages, rushed, problems)
        table = request_table(args, orgs, meetings, rushed, answers, found) + result_table(
            deadline.timestamp(),
            processed,
            timing,
            found,
            wrong_outcomes,
            messages,
            len(rushed.temp_seen),
            began,
        )
    print_report(table, checks, problems, wrong_outcomes, found, answers.client_failures)
    stamp = write_results(table, checks, problems, wrong_outcomes, found, rushed, orgs)
    print(f"\nWritten to bench/results/stress-{stamp}.md and .json")
    return 0 if all(checks.values()) else 1


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def make_stack(web_workers: int) -> Stack:
    """The benchmark's stack: database bench_stress, Redis databases 12 and 13, gunicorn with an
    access log, a Celery worker and beat; uploads spill into a temporary folder of its own."""
    return Stack(
        "bench_stress",
        redis_db=12,
        workers=web_workers,
        worker=True,
        beat=True,
        access_log=True,
        extra_env={"TMPDIR": str(ROOT / "var" / "bench" / "bench_stress" / "tmp")},
    )


# --- the run: the steps of main() ---------------------------------------------------------


def prepare_data(stack: Stack, organisations: int) -> tuple[Path, Files, list[Org], dict]:
    """A fresh, migrated database; this process set up with the stack's settings; the files,
    the organisations and the meetings (set_up). Returns the stack's temporary folder, the
    files, the organisations and the set-up's facts."""
    print(f"Setting up: database, {organisations} organisations, two meetings, files…", flush=True)
    stack.recreate_database()
    tmp = Path(stack.env["TMPDIR"])
    tmp.mkdir(parents=True, exist_ok=True)
    stack.manage("migrate", "--noinput")
    stack.django()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    files = Files()
    orgs, facts = set_up(stack, organisations, files)
    return tmp, files, orgs, facts


def start_servers(stack: Stack) -> float:
    """gunicorn, the worker and beat; waits for the invitations sent when the meetings were
    published. Returns when beat's first run of its every-minute jobs is due."""
    print("Starting gunicorn, the worker and beat…", flush=True)
    stack.start()
    tick = beat_started(stack) + 60
    wait_for(outbox_settled, 90)  # the invitations sent when the meetings were published
    return tick


def place_deadline(tick: float, meetings: dict, orgs: list[Org], problems: list[str]) -> datetime:
    """Put the deadline DEADLINE_JOB_AFTER s before a beat tick, with the rush (PRE_WINDOW s
    before the deadline) starting at least 25 s from now; then queue the reminders. Returns the
    deadline (whole seconds)."""
    from django.utils import timezone

    from meetings import tasks as meeting_tasks
    from portal.models import OutgoingEmail

    rush_start = time.time() + 25
    # The deadline job is due DEADLINE_JOB_AFTER s after the deadline, at a beat tick.
    ticks_ahead = 1
    while tick + 60 * ticks_ahead - DEADLINE_JOB_AFTER - PRE_WINDOW < rush_start:
        ticks_ahead += 1
    deadline_ts = tick + 60 * ticks_ahead - DEADLINE_JOB_AFTER
    deadline = datetime.fromtimestamp(round(deadline_ts), tz=timezone.get_current_timezone())
    deadline_ts = deadline.timestamp()
    move_deadline(meetings, orgs, deadline)
    # Reminders: the beat entry runs every 5 minutes; three runs at once here (as if
    # overlapping) must still remind each person once.
    for _ in range(3):
        meeting_tasks.task_send_deadline_reminders.delay()
    # An organisation with an extension hears of its new deadline instead (one deadline message
    # a day); everyone else without a final presentation gets the reminder.
    expected_reminders = {m for org in orgs if org.role != "early" for m in org.members}
    reminded = wait_for(
        lambda: (
            OutgoingEmail.objects.filter(kind__in=["reminder.1d", "extension"]).count()
            >= len(expected_reminders)
        ),
        40,
    )
    if not reminded or time.time() > deadline_ts - PRE_WINDOW:
        problems.append("the reminders were not all queued before the rush began")
    return deadline


@dataclass
class Rushed:
    """The rush as it went: its requests, when the first one started and the last one ended,
    and the temporary upload files seen meanwhile."""

    rush: Rush
    begin: float
    end: float
    temp_seen: set[str]


def run_the_rush(
    stack: Stack,
    files: Files,
    orgs: list[Org],
    meetings: dict,
    deadline: datetime,
    tmp: Path,
    clients: int,
    rng: random.Random,
) -> Rushed:
    """The planned uploads from ``clients`` clients, while the deadline jobs are run again
    (repeat_jobs) and the temporary folder is watched (watch_temp)."""
    from django.utils import timezone

    deadline_ts = deadline.timestamp()
    jobs = plan(orgs, rng)
    print(
        f"Deadline {timezone.localtime(deadline):%H:%M:%S}; {len(jobs)} uploads from "
        f"{clients} clients, {PRE_WINDOW:.0f} s before to {LATE_WINDOW:.0f} s after…",
        flush=True,
    )
    rush = Rush(stack, files, deadline_ts, clients)
    temp_seen: set[str] = set()
    rushing = threading.Event()
    rushing.set()
    helpers = [
        threading.Thread(target=repeat_jobs, args=(meetings,)),
        threading.Thread(target=watch_temp, args=(tmp, temp_seen, rushing)),
    ]
    for helper in helpers:
        helper.start()
    rush.run(jobs)
    rush_end = time.time()
    rushing.clear()
    rush_begin = min((r["started"] for r in rush.requests), default=rush_end)
    for helper in helpers:
        helper.join()
    return Rushed(rush=rush, begin=rush_begin, end=rush_end, temp_seen=temp_seen)


def deadline_processed(meetings: dict) -> bool:
    """Whether the deadline job has processed both meetings."""
    from meetings.models import Meeting

    return not Meeting.objects.filter(pk__in=meetings, deadline_processed_at__isnull=True).exists()


def repeat_jobs(meetings: dict) -> None:
    """Once the deadline job has run, run it and the reminders again while uploads go on."""
    from meetings import tasks as meeting_tasks

    if wait_for(
        lambda: deadline_processed(meetings), DEADLINE_JOB_AFTER + LATE_WINDOW + 30, step=0.2
    ):
        for _ in range(2):
            meeting_tasks.task_process_deadlines.delay()
            meeting_tasks.task_send_deadline_reminders.delay()


def watch_temp(tmp: Path, seen: set[str], rushing: threading.Event) -> None:
    """Large uploads pass through temporary files in TMPDIR: seeing them proves that the
    "no temporary file left" check looks in the right folder."""
    while rushing.is_set():
        seen.update(p.name for p in tmp.glob("*.upload*"))
        time.sleep(0.05)


def wait_until_settled(stack: Stack, meetings: dict) -> list[str]:
    """Wait for the deadline job, the repeated jobs and the outbox, then stop the servers.
    Returns the lines of gunicorn's access log."""
    print("Rush over; waiting for the deadline job and the outbox…", flush=True)
    wait_for(lambda: deadline_processed(meetings), 90)
    time.sleep(3)  # the repeated jobs
    wait_for(outbox_settled, 120)
    time.sleep(2)
    access = (stack.log_dir / "access.log").read_text().splitlines()
    stack.stop()
    return access


# --- the verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """The beginnings of the portal's Swedish answers to a refused upload."""

    deadline: str
    bad_type: str
    no_file: str
    duplicate: str


def swedish_texts() -> Texts:
    from django.utils.translation import gettext, override

    with override("sv"):
        return Texts(
            deadline=gettext(
                "The deadline passed on %(deadline)s. Ask the organiser for an extension."
            ).split("%(")[0],
            bad_type=gettext(
                "Only PowerPoint (.pptx), PDF and OpenDocument presentation (.odp) files are "
                "accepted. This file is not one of them, or it is damaged."
            )[:40],
            no_file=gettext("Choose a file to upload."),
            duplicate=gettext("This upload has already been received."),
        )


@dataclass
class Answers:
    """The rush's requests sorted: uploads (hang-ups too), the answered ones, the answers by
    status class, why uploads were refused, the 5xx in the access log, the client failures."""

    uploads: list[dict]
    answered: list[dict]
    statuses: Counter
    reasons: Counter
    server_5xx: int
    client_failures: list[dict]


def sort_answers(requests: list[dict], access: list[str], texts: Texts) -> Answers:
    uploads = [r for r in requests if r["kind"] != "page"]
    answered = [r for r in requests if r.get("status")]
    reasons: Counter = Counter()
    for r in uploads:
        if r.get("status") == 400:
            reasons[refusal_reason(" ".join(r.get("errors", [])), texts)] += 1
    return Answers(
        uploads=uploads,
        answered=answered,
        statuses=Counter((r["status"] // 100) * 100 for r in answered),
        reasons=reasons,
        server_5xx=sum(1 for line in access if line[:1] == "5"),
        client_failures=[r for r in requests if r.get("status") == 0],
    )


def refusal_reason(text: str, texts: Texts) -> str:
    if texts.deadline in text:
        return "deadline passed"
    if texts.bad_type in text:
        return "damaged file"
    if texts.no_file in text:
        return "no whole file (body cut short)"
    if texts.duplicate in text:
        return "already received (double submit)"
    return text[:60] or "other"


@dataclass
class Found:
    """What is stored: the presentations (by upload id, and all), and what checking them found."""

    rows: dict
    all_rows: list
    verified: int = 0
    lost: int = 0
    corrupt: int = 0
    lost_list: list[str] = field(default_factory=list)
    doubles: Counter = field(default_factory=Counter)
    orphans: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)


def verify_files(
    uploads: list[dict],
    orgs: list[Org],
    facts: dict,
    tmp: Path,
    texts: Texts,
    problems: list[str],
) -> Found:
    """Every answered upload stored with the bytes sent, no failed one stored; every stored
    file's checksum right; no orphan or temporary file; one final version per organisation."""
    from meetings.models import Presentation

    found = Found(
        rows={p.submission_id: p for p in Presentation.objects.exclude(submission_id=None)},
        all_rows=list(Presentation.objects.select_related("organisation")),
    )
    check_answered_uploads(found, uploads, texts, problems)
    check_stored_files(found, uploads, facts["early"], problems)
    check_leftovers(found, orgs, tmp, problems)
    return found


def check_answered_uploads(
    found: Found, uploads: list[dict], texts: Texts, problems: list[str]
) -> None:
    """Each upload answered 200 has its row with the checksum sent; no failed one has; a double
    submit is answered 200 once."""
    for r in uploads:
        row = found.rows.get(r["upload_id"])
        ok = r.get("status") == 200
        if ok and row is None:
            found.lost += 1
            found.lost_list.append(r["org"])
            continue
        if not ok and r["kind"] == "double" and texts.duplicate in " ".join(r["errors"]):
            continue  # the second of a double submit, refused as a duplicate
        if ok and r["kind"] not in ("upload", "double"):
            problems.append(f"{r['org']}: a bad upload ({r['kind']}) was accepted")
        if not ok and row is not None:
            problems.append(
                f"{r['org']}: a failed upload ({r['kind']}, {r.get('status')}) was stored"
            )
        if row is None:
            continue
        if row.sha256 != r["sha256"] or row.size != r["size"]:
            found.corrupt += 1
            problems.append(f"{r['org']}: the stored checksum differs from the sent one")
    found.doubles = Counter(
        r["upload_id"] for r in uploads if r["kind"] == "double" and r.get("status") == 200
    )
    for r in uploads:
        if r["kind"] == "double" and found.doubles[r["upload_id"]] != 1:
            problems.append(
                f"{r['org']}: a double submit was answered 200 {found.doubles[r['upload_id']]} times"
            )


def check_stored_files(
    found: Found, uploads: list[dict], early: list[dict], problems: list[str]
) -> None:
    """The SHA-256 of every stored file's bytes is the one recorded and the one sent."""
    from django.core.files.storage import default_storage

    early_sha = {e["pk"]: e["sha256"] for e in early}
    for row in found.all_rows:
        try:
            with default_storage.open(row.file.name, "rb") as stored:
                digest = hashlib.file_digest(stored, "sha256").hexdigest()
        except FileNotFoundError:
            found.lost += 1
            found.lost_list.append(row.organisation.code)
            continue
        expected = early_sha.get(row.pk) or next(
            (r["sha256"] for r in uploads if r["upload_id"] == row.submission_id), None
        )
        if digest == row.sha256 == expected:
            found.verified += 1
        else:
            found.corrupt += 1
            problems.append(
                f"{row.organisation.code}: stored file {row.file.name} has another checksum"
            )


def check_leftovers(found: Found, orgs: list[Org], tmp: Path, problems: list[str]) -> None:
    """No orphan files, no temporary upload files, one final per organisation (the newest)."""
    from django.conf import settings

    referenced = {row.file.name for row in found.all_rows}
    root = Path(settings.PRIVATE_FILES_ROOT)
    on_disk = {str(p.relative_to(root)) for p in (root / "presentations").rglob("*") if p.is_file()}
    found.orphans = sorted(on_disk - referenced)
    found.leftovers = sorted(str(p) for p in tmp.rglob("*.upload*") if p.is_file())
    finals = Counter(row.organisation.code for row in found.all_rows if row.is_final)
    for code in {org.code: org for org in orgs}:
        mine = sorted(
            (row for row in found.all_rows if row.organisation.code == code), key=lambda p: p.pk
        )
        if mine and (finals[code] != 1 or not mine[-1].is_final):
            problems.append(f"{code}: the newest version is not the one final version")
        if not mine and finals[code]:
            problems.append(f"{code}: a final version without a version")


@dataclass
class Timing:
    """The stored uploads by time: before or after their own deadline, how many of those after
    were accepted as late and how many refused, and how many were accepted on time although
    stored just after the deadline."""

    before: int = 0
    after: int = 0
    refused: int = 0
    accepted_late: int = 0
    straddling: int = 0


def verify_late_uploads(
    uploads: list[dict],
    found: Found,
    orgs: list[Org],
    meetings: dict,
    deadline_ts: float,
    texts: Texts,
    problems: list[str],
) -> Timing:
    """The late uploads follow each meeting's policy, and on-time ones are not marked late."""
    org_by_code = {org.code: org for org in orgs}
    timing = Timing()
    for r in uploads:
        if r.get("status") not in (200, 400) or r["kind"] not in ("upload", "double"):
            continue
        if (
            r["kind"] == "double"
            and r["status"] == 400
            and texts.duplicate in " ".join(r["errors"])
        ):
            continue
        org = org_by_code[r["org"]]
        when = upload_timing(
            r,
            found.rows.get(r["upload_id"]),
            meetings[org.meeting_pk]["policy"],
            deadline_ts + (EXTENSION_MINUTES * 60 if org.role == "extension" else 0),
            texts,
            problems,
        )
        if when == "refused":
            timing.refused += 1
            timing.after += 1
        elif when == "late":
            timing.after += 1
            timing.accepted_late += 1
        elif when == "before":
            timing.before += 1
    timing.straddling = sum(
        1
        for row in found.all_rows
        if not row.is_late
        and row.submission_id
        and row.uploaded_at.timestamp() > deadline_ts
        and org_by_code[row.organisation.code].role != "extension"
    )
    return timing


def upload_timing(
    r: dict, row, policy: str, own_deadline: float, texts: Texts, problems: list[str]
) -> str:
    """One answered upload: "refused", "late" (accepted as late), "before" (on time) or ""
    (not counted: lost, or refused for another reason); what contradicts the policy or the
    time goes to ``problems``."""
    if row is None and r["status"] == 200:
        return ""  # counted as lost
    if r["status"] == 400:
        if texts.deadline not in " ".join(r["errors"]):
            problems.append(f"{r['org']}: an upload was refused: {r['errors']}")
            return ""
        if policy != "refuse" or r["ended"] <= own_deadline:
            problems.append(f"{r['org']}: refused although the policy or time allows it")
        return "refused"
    if row.is_late:
        if (
            policy == "refuse"
            or row.uploaded_at.timestamp() <= own_deadline
            or r["ended"] <= own_deadline
        ):
            problems.append(f"{r['org']}: marked late wrongly (policy {policy})")
        return "late"
    if r["started"] >= own_deadline:
        problems.append(f"{r['org']}: sent after its deadline, not marked late")
    return "before"


def verify_outcomes(orgs: list[Org], all_rows: list) -> list[str]:
    """Each organisation's deadline outcome follows from its final version (or its
    extension). Returns the wrong ones."""
    from meetings.models import DeadlineOutcome

    outcomes = {
        (o.meeting_id, o.organisation.code): o.status
        for o in DeadlineOutcome.objects.select_related("organisation")
    }
    wrong_outcomes = []
    for org in orgs:
        final = next(
            (row for row in all_rows if row.organisation.code == org.code and row.is_final),
            None,
        )
        want = (
            ("late" if final.is_late else "on_time")
            if final
            else ("extension" if org.role == "extension" else "missing")
        )
        if outcomes.get((org.meeting_pk, org.code)) != want:
            wrong_outcomes.append(
                f"{org.code}: {outcomes.get((org.meeting_pk, org.code))} ≠ {want}"
            )
    return wrong_outcomes


def deadline_job_runs(meetings: dict) -> dict:
    """When the deadline job processed each meeting (None: never)."""
    from meetings.models import Meeting

    return {m.pk: m.deadline_processed_at for m in Meeting.objects.filter(pk__in=meetings)}


@dataclass
class Messages:
    """The messages expected, queued (outbox), queued by (kind, recipient), sent and written to
    the mail folder, and the discrepancies."""

    expected: Counter
    outbox: list[dict]
    actual: Counter
    sent: Counter
    mailed: list[tuple[str, str]]
    duplicates: int
    missing: int
    unexpected: int
    unsent: int
    dupe_keys: int


def expected_messages(orgs: list[Org], meetings: dict, stored: list) -> Counter:
    """An invitation to every member, a reminder to every member of an organisation without a
    final presentation before the rush (the new deadline instead, for an organisation with an
    extension), a deadline summary to every organiser; for every stored
    presentation a receipt to each member of its organisation, and for every version stored
    after the deadline that replaced an earlier one a notice to each organiser of the meeting."""
    expected = Counter()
    members = {org.code: org.members for org in orgs}
    for org in orgs:
        for person in org.members:
            expected[("meeting.invitation", person)] += 1
            if org.role == "extension":
                expected[("extension", person)] += 1
            elif org.role != "early":
                expected[("reminder.1d", person)] += 1
    for meeting in meetings.values():
        for person in meeting["organisers"]:
            expected[("deadline.summary", person)] += 1
    versions: dict[tuple, list] = {}
    for row in sorted(stored, key=lambda p: (p.uploaded_at, p.pk)):
        versions.setdefault((row.meeting_id, row.organisation.code), []).append(row)
        for person in members[row.organisation.code]:
            expected[("presentation.receipt", person)] += 1
    for (meeting_pk, _code), rows in versions.items():
        for row in rows[1:]:
            if row.is_late:
                for person in meetings[meeting_pk]["organisers"]:
                    expected[("presentation.replaced_late", person)] += 1
    return expected


def verify_messages(orgs: list[Org], meetings: dict, stored: list) -> Messages:
    """Exactly the invitations, reminders, summaries, receipts and late-replacement notices,
    once each, in the outbox and in the mail folder."""
    from django.conf import settings
    from django.db.models import Count

    from portal.models import OutgoingEmail

    expected = expected_messages(orgs, meetings, stored)
    outbox = list(OutgoingEmail.objects.values("kind", "to", "status", "subject"))
    actual = Counter((m["kind"], m["to"]) for m in outbox)
    sent = Counter((m["kind"], m["to"]) for m in outbox if m["status"] == "sent")
    mailed = read_mail_folder(Path(settings.EMAIL_FILE_PATH))
    dupe_keys = (
        OutgoingEmail.objects.exclude(dedupe_key=None)
        .values("dedupe_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return Messages(
        expected=expected,
        outbox=outbox,
        actual=actual,
        sent=sent,
        mailed=mailed,
        # A person rightly gets several receipts (one per version); "twice" is a message beyond
        # what was expected, or mailed more often than the outbox holds it.
        duplicates=sum(max(0, n - max(expected[key], 1)) for key, n in actual.items())
        + max(0, len(mailed) - sum(actual.values())),
        missing=sum((expected - actual).values()),
        unexpected=sum((actual - expected).values()),
        unsent=sum((actual - sent).values()),
        dupe_keys=dupe_keys,
    )


# --- the report ---------------------------------------------------------------------------


def decide(
    answers: Answers,
    found: Found,
    wrong_outcomes: list[str],
    processed: dict,
    messages: Messages,
    rushed: Rushed,
    problems: list[str],
) -> dict[str, bool]:
    """The checks, each passed or failed."""
    return {
        "no lost uploads": found.lost == 0,
        "stored bytes match": found.corrupt == 0,
        "no 5xx (clients and access log)": answers.statuses.get(500, 0) == 0
        and answers.server_5xx == 0,
        "no client failures": not answers.client_failures,
        "no orphan or temporary files": not found.orphans
        and not found.leftovers
        and bool(rushed.temp_seen),
        "late uploads follow the policy": not [
            p for p in problems if "late" in p or "refused" in p
        ],
        "deadline outcomes right": not wrong_outcomes,
        "deadline job ran during the rush": all(
            at is not None and rushed.begin < at.timestamp() < rushed.end
            for at in processed.values()
        ),
        "messages exact, none twice": messages.duplicates == 0
        and messages.missing == 0
        and messages.unexpected == 0
        and messages.unsent == 0
        and messages.dupe_keys == 0
        and len(messages.mailed) == sum(messages.expected.values()),
        "nothing else wrong": not problems,
    }


def request_table(
    args: argparse.Namespace,
    orgs: list[Org],
    meetings: dict,
    rushed: Rushed,
    answers: Answers,
    found: Found,
) -> list[tuple[str, object]]:
    """The first rows of the table: the set-up, the requests and their answers, latencies."""
    uploads, statuses = answers.uploads, answers.statuses
    latencies = [r["latency"] for r in uploads if r.get("status") == 200]
    page_latencies = [r["latency"] for r in rushed.rush.requests if r["kind"] == "page"]
    hangups = len([u for u in uploads if u["kind"] == "hangup"])
    bad_clients = Counter(org.bad for org in orgs if org.bad)
    pages_ok = len([r for r in answers.answered if r["kind"] == "page" and r["status"] == 200])
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(answers.reasons.items())) or "–"
    return [
        ("organisations / meetings", f"{len(orgs)} / {len(meetings)} (accept late, refuse)"),
        ("concurrent clients / gunicorn workers", f"{args.clients} / {args.web_workers}"),
        (
            "requests (page + upload + abandoned)",
            f"{len(rushed.rush.requests)} ({len(page_latencies)} + "
            f"{len(uploads) - hangups} + {hangups})",
        ),
        (
            "2xx (pages / uploads)",
            f"{statuses.get(200, 0)} ({pages_ok}"
            f" / {len([r for r in uploads if r.get('status') == 200])})",
        ),
        ("4xx", f"{statuses.get(400, 0)} ({reasons})"),
        ("5xx (clients / access log)", f"{statuses.get(500, 0)} / {answers.server_5xx}"),
        ("client failures", len(answers.client_failures)),
        (
            "bad clients (truncated file, cut body, hang-up, double submit)",
            f"{bad_clients['truncated']}, {bad_clients['cut']}, {hangups}, {len(found.doubles)}",
        ),
        (
            "upload latency p50 / p95 / max (s)",
            f"{percentile(latencies, 0.5):.2f} / {percentile(latencies, 0.95):.2f}"
            f" / {max(latencies, default=0):.2f}",
        ),
        (
            "page latency p50 / p95 (s)",
            f"{percentile(page_latencies, 0.5):.2f} / {percentile(page_latencies, 0.95):.2f}",
        ),
    ]


def result_table(
    deadline_ts: float,
    processed: dict,
    timing: Timing,
    found: Found,
    wrong_outcomes: list[str],
    messages: Messages,
    temp_files_seen: int,
    began: float,
) -> list[tuple[str, object]]:
    """The rest of the table: the uploads by time, the deadline job, the files, the messages."""
    job_at = {pk: (at.timestamp() - deadline_ts if at else None) for pk, at in processed.items()}
    kinds = Counter()
    for (kind, _), count in messages.actual.items():
        kinds[kind] += count
    return [
        (
            "uploads on time (own deadline) / after it",
            f"{timing.before} / {timing.after} ({timing.accepted_late} accepted late, "
            f"{timing.refused} refused)",
        ),
        ("accepted on time, stored just after the deadline", timing.straddling),
        (
            "deadline job ran (s after the deadline)",
            ", ".join(f"{at:.1f}" if at is not None else "never" for at in job_at.values()),
        ),
        ("files verified (SHA-256 of stored bytes)", f"{found.verified} of {len(found.all_rows)}"),
        ("lost uploads", found.lost),
        (
            "partial or orphan files / temp upload files left",
            f"{len(found.orphans)} / {len(found.leftovers)}",
        ),
        ("temp upload files seen during the rush", temp_files_seen),
        ("wrong deadline outcomes", len(wrong_outcomes)),
        (
            "messages expected / queued / sent / in mail folder",
            f"{sum(messages.expected.values())} / {len(messages.outbox)} / "
            f"{sum(messages.sent.values())} / {len(messages.mailed)}",
        ),
        (
            "  of which reminders / summaries / invitations",
            f"{kinds['reminder.1d']} / {kinds['deadline.summary']} / {kinds['meeting.invitation']}",
        ),
        (
            "  and receipts / late-replacement notices",
            f"{kinds['presentation.receipt']} / {kinds['presentation.replaced_late']}",
        ),
        ("duplicate messages", messages.duplicates + messages.dupe_keys),
        ("messages missing / unexpected", f"{messages.missing} / {messages.unexpected}"),
        ("run time (s)", f"{time.time() - began:.0f}"),
    ]


def print_report(
    table: list[tuple[str, object]],
    checks: dict[str, bool],
    problems: list[str],
    wrong_outcomes: list[str],
    found: Found,
    client_failures: list[dict],
) -> None:
    """The table, the checks, and the first problems and client failures."""
    width = max(len(name) for name, _ in table)
    print()
    for name, value in table:
        print(f"{name:<{width}}  {value}")
    print()
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    for line in (
        problems
        + wrong_outcomes
        + [f"orphan: {o}" for o in found.orphans]
        + [f"temporary file: {t}" for t in found.leftovers]
        + [f"lost: {c}" for c in found.lost_list]
    )[:30]:
        print("   ", line)
    for failure in client_failures[:5]:
        print("    client failure:", failure.get("error"))


def write_results(
    table: list[tuple[str, object]],
    checks: dict[str, bool],
    problems: list[str],
    wrong_outcomes: list[str],
    found: Found,
    rushed: Rushed,
    orgs: list[Org],
) -> str:
    """bench/results/stress-<time>.md (the table and the checks) and .json (also the problems,
    leftovers, every request and the organisations, without their cookies). Returns <time>."""
    lines = ["| measure | value |", "|---|---|"] + [
        f"| {name} | {value} |" for name, value in table
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"stress-{stamp}.md").write_text(
        "# Deadline rush\n\n"
        + "\n".join(lines)
        + "\n\n"
        + "\n".join(f"- {'PASS' if ok else 'FAIL'} {name}" for name, ok in checks.items())
        + "\n"
    )
    (RESULTS / f"stress-{stamp}.json").write_text(
        json.dumps(
            {
                "table": {name: str(value) for name, value in table},
                "checks": checks,
                "problems": problems + wrong_outcomes,
                "orphans": found.orphans,
                "temporary_files": found.leftovers,
                "requests": rushed.rush.requests,
                "orgs": [asdict(org) | {"cookie": None} for org in orgs],
            },
            indent=1,
            default=str,
        )
    )
    return stamp


if __name__ == "__main__":
    raise SystemExit(main())
