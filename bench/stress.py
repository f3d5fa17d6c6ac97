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
import queue
import random
import socket
import sys
import threading
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass
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
    from allauth.account.models import EmailAddress
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from meetings import services
    from meetings.demo import seed_step_tasks, seed_steps
    from meetings.models import Meeting, Step
    from portal.models import Cohort, CohortOrganiser, Enrolment, Membership, Organisation, User

    seed_steps()
    seed_step_tasks()
    with (ROOT / "portal" / "data" / "swedish_organisations.csv").open(encoding="utf-8") as f:
        known = list(csv.DictReader(f))[:organisations]
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
    now = timezone.now()
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
        services.meeting_publish(meeting=meeting, by=organisers[0], base_url=stack.url(""))
        meetings[meeting.pk] = {
            "pk": meeting.pk,
            "policy": policy,
            "organisers": [u.email for u in organisers],
            "codes": [row["code"] for row in halves[number]],
        }
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
    # The early ones uploaded days ago.
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
    return orgs, {"meetings": meetings, "early": early}


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    began = time.time()
    stack = Stack(
        "bench_stress",
        redis_db=12,
        workers=args.web_workers,
        worker=True,
        beat=True,
        access_log=True,
        extra_env={"TMPDIR": str(ROOT / "var" / "bench" / "bench_stress" / "tmp")},
    )
    checks: dict[str, bool] = {}
    problems: list[str] = []
    with stack:
        print(
            f"Setting up: database, {args.organisations} organisations, two meetings, files…",
            flush=True,
        )
        stack.recreate_database()
        tmp = Path(stack.env["TMPDIR"])
        tmp.mkdir(parents=True, exist_ok=True)
        stack.manage("migrate", "--noinput")
        stack.django()
        import logging

        logging.getLogger("httpx").setLevel(logging.WARNING)
        from django.conf import settings
        from django.core.files.storage import default_storage
        from django.db.models import Count
        from django.utils import timezone
        from django.utils.translation import gettext, override

        from meetings import tasks as meeting_tasks
        from meetings.models import DeadlineOutcome, Meeting, Presentation
        from portal.models import OutgoingEmail

        files = Files()
        orgs, facts = set_up(stack, args.organisations, files)
        meetings = facts["meetings"]
        print("Starting gunicorn, the worker and beat…", flush=True)
        stack.start()
        # Reminders: the beat entry runs every 5 minutes; three runs at once here (as if
        # overlapping) must still remind each person once.
        tick = beat_started(stack) + 60
        wait_for(outbox_settled, 90)  # the invitations sent when the meetings were published
        rush_start = time.time() + 25
        # The deadline job is due DEADLINE_JOB_AFTER s after the deadline, at a beat tick.
        ticks_ahead = 1
        while tick + 60 * ticks_ahead - DEADLINE_JOB_AFTER - PRE_WINDOW < rush_start:
            ticks_ahead += 1
        deadline_ts = tick + 60 * ticks_ahead - DEADLINE_JOB_AFTER
        deadline = datetime.fromtimestamp(round(deadline_ts), tz=timezone.get_current_timezone())
        deadline_ts = deadline.timestamp()
        move_deadline(meetings, orgs, deadline)
        for _ in range(3):
            meeting_tasks.task_send_deadline_reminders.delay()
        expected_reminders = {m for org in orgs if org.role != "early" for m in org.members}
        reminded = wait_for(
            lambda: (
                OutgoingEmail.objects.filter(kind="reminder.1d").count() >= len(expected_reminders)
            ),
            40,
        )
        if not reminded or time.time() > deadline_ts - PRE_WINDOW:
            problems.append("the reminders were not all queued before the rush began")
        jobs = plan(orgs, rng)
        print(
            f"Deadline {timezone.localtime(deadline):%H:%M:%S}; {len(jobs)} uploads from "
            f"{args.clients} clients, {PRE_WINDOW:.0f} s before to {LATE_WINDOW:.0f} s after…",
            flush=True,
        )
        rush = Rush(stack, files, deadline_ts, args.clients)

        # Once the deadline job has run, run it and the reminders again while uploads go on.
        def repeat_jobs() -> None:
            if wait_for(
                lambda: (
                    not Meeting.objects.filter(
                        pk__in=meetings, deadline_processed_at__isnull=True
                    ).exists()
                ),
                DEADLINE_JOB_AFTER + LATE_WINDOW + 30,
                step=0.2,
            ):
                for _ in range(2):
                    meeting_tasks.task_process_deadlines.delay()
                    meeting_tasks.task_send_deadline_reminders.delay()

        # Large uploads pass through temporary files in TMPDIR: seeing them proves that the
        # "no temporary file left" check below looks in the right folder.
        temp_seen: set[str] = set()
        rushing = threading.Event()
        rushing.set()

        def watch_temp() -> None:
            while rushing.is_set():
                temp_seen.update(p.name for p in tmp.glob("*.upload*"))
                time.sleep(0.05)

        helpers = [threading.Thread(target=repeat_jobs), threading.Thread(target=watch_temp)]
        for helper in helpers:
            helper.start()
        rush.run(jobs)
        rush_end = time.time()
        rushing.clear()
        rush_begin = min((r["started"] for r in rush.requests), default=rush_end)
        for helper in helpers:
            helper.join()
        print("Rush over; waiting for the deadline job and the outbox…", flush=True)
        wait_for(
            lambda: (
                not Meeting.objects.filter(
                    pk__in=meetings, deadline_processed_at__isnull=True
                ).exists()
            ),
            90,
        )
        time.sleep(3)  # the repeated jobs
        wait_for(outbox_settled, 120)
        time.sleep(2)
        access = (stack.log_dir / "access.log").read_text().splitlines()
        stack.stop()

        # --- verification -----------------------------------------------------------------
        with override("sv"):
            deadline_text = gettext(
                "The deadline passed on %(deadline)s. Ask the organiser for an extension."
            ).split("%(")[0]
            bad_type_text = gettext(
                "Only PowerPoint (.pptx), PDF and OpenDocument presentation (.odp) files are "
                "accepted. This file is not one of them, or it is damaged."
            )[:40]
            no_file_text = gettext("Choose a file to upload.")
            duplicate_text = gettext("This upload has already been received.")
        org_by_code = {org.code: org for org in orgs}
        uploads = [r for r in rush.requests if r["kind"] != "page"]
        answered = [r for r in rush.requests if r.get("status")]
        statuses = Counter((r["status"] // 100) * 100 for r in answered)
        reasons: Counter = Counter()
        for r in uploads:
            if r.get("status") == 400:
                text = " ".join(r.get("errors", []))
                reasons[
                    "deadline passed"
                    if deadline_text in text
                    else "damaged file"
                    if bad_type_text in text
                    else "no whole file (body cut short)"
                    if no_file_text in text
                    else "already received (double submit)"
                    if duplicate_text in text
                    else text[:60] or "other"
                ] += 1
        server_5xx = sum(1 for line in access if line[:1] == "5")
        client_failures = [r for r in rush.requests if r.get("status") == 0]
        rows = {p.submission_id: p for p in Presentation.objects.exclude(submission_id=None)}
        all_rows = list(Presentation.objects.select_related("organisation"))
        verified = lost = corrupt = 0
        lost_list = []
        for r in uploads:
            row = rows.get(r["upload_id"])
            ok = r.get("status") == 200
            if ok and row is None:
                lost += 1
                lost_list.append(r["org"])
                continue
            if not ok and r["kind"] == "double" and duplicate_text in " ".join(r["errors"]):
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
                corrupt += 1
                problems.append(f"{r['org']}: the stored checksum differs from the sent one")
        doubles = Counter(
            r["upload_id"] for r in uploads if r["kind"] == "double" and r.get("status") == 200
        )
        for r in uploads:
            if r["kind"] == "double" and doubles[r["upload_id"]] != 1:
                problems.append(
                    f"{r['org']}: a double submit was answered 200 {doubles[r['upload_id']]} times"
                )
        early_sha = {e["pk"]: e["sha256"] for e in facts["early"]}
        for row in all_rows:
            try:
                with default_storage.open(row.file.name, "rb") as stored:
                    digest = hashlib.file_digest(stored, "sha256").hexdigest()
            except FileNotFoundError:
                lost += 1
                lost_list.append(row.organisation.code)
                continue
            expected = early_sha.get(row.pk) or next(
                (r["sha256"] for r in uploads if r["upload_id"] == row.submission_id), None
            )
            if digest == row.sha256 == expected:
                verified += 1
            else:
                corrupt += 1
                problems.append(
                    f"{row.organisation.code}: stored file {row.file.name} has another checksum"
                )
        # No orphan files, no temporary upload files, one final per organisation (the newest).
        referenced = {row.file.name for row in all_rows}
        root = Path(settings.PRIVATE_FILES_ROOT)
        on_disk = {
            str(p.relative_to(root)) for p in (root / "presentations").rglob("*") if p.is_file()
        }
        orphans = sorted(on_disk - referenced)
        leftovers = sorted(str(p) for p in tmp.rglob("*.upload*") if p.is_file())
        finals = Counter(row.organisation.code for row in all_rows if row.is_final)
        for code in org_by_code:
            mine = sorted(
                (row for row in all_rows if row.organisation.code == code), key=lambda p: p.pk
            )
            if mine and (finals[code] != 1 or not mine[-1].is_final):
                problems.append(f"{code}: the newest version is not the one final version")
            if not mine and finals[code]:
                problems.append(f"{code}: a final version without a version")
        # The late uploads follow each meeting's policy; the deadline outcome is right.
        before = after = refused = accepted_late = 0
        for r in uploads:
            if r.get("status") not in (200, 400) or r["kind"] not in ("upload", "double"):
                continue
            if (
                r["kind"] == "double"
                and r["status"] == 400
                and duplicate_text in " ".join(r["errors"])
            ):
                continue
            org = org_by_code[r["org"]]
            policy = meetings[org.meeting_pk]["policy"]
            own_deadline = deadline_ts + (EXTENSION_MINUTES * 60 if org.role == "extension" else 0)
            row = rows.get(r["upload_id"])
            if row is None and r["status"] == 200:
                continue  # counted as lost
            if r["status"] == 400:
                if deadline_text not in " ".join(r["errors"]):
                    problems.append(f"{r['org']}: an upload was refused: {r['errors']}")
                    continue
                refused += 1
                after += 1
                if policy != "refuse" or r["ended"] <= own_deadline:
                    problems.append(f"{r['org']}: refused although the policy or time allows it")
                continue
            if row.is_late:
                after += 1
                accepted_late += 1
                if (
                    policy == "refuse"
                    or row.uploaded_at.timestamp() <= own_deadline
                    or r["ended"] <= own_deadline
                ):
                    problems.append(f"{r['org']}: marked late wrongly (policy {policy})")
            else:
                before += 1
                if r["started"] >= own_deadline:
                    problems.append(f"{r['org']}: sent after its deadline, not marked late")
        straddling = sum(
            1
            for row in all_rows
            if not row.is_late
            and row.submission_id
            and row.uploaded_at.timestamp() > deadline_ts
            and org_by_code[row.organisation.code].role != "extension"
        )
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
        processed = {m.pk: m.deadline_processed_at for m in Meeting.objects.filter(pk__in=meetings)}
        # Messages: exactly the invitations, reminders and summaries, once each.
        expected = Counter()
        for org in orgs:
            for person in org.members:
                expected[("meeting.invitation", person)] += 1
                if org.role != "early":
                    expected[("reminder.1d", person)] += 1
        for meeting in meetings.values():
            for person in meeting["organisers"]:
                expected[("deadline.summary", person)] += 1
        outbox = list(OutgoingEmail.objects.values("kind", "to", "status", "subject"))
        actual = Counter((m["kind"], m["to"]) for m in outbox)
        sent = Counter((m["kind"], m["to"]) for m in outbox if m["status"] == "sent")
        mailed = read_mail_folder(Path(settings.EMAIL_FILE_PATH))
        mailed_counts = Counter(mailed)
        duplicates = sum(n - 1 for n in actual.values() if n > 1) + sum(
            n - 1 for n in mailed_counts.values() if n > 1
        )
        missing_messages = sum((expected - actual).values())
        unexpected_messages = sum((actual - expected).values())
        unsent = sum((actual - sent).values())
        dupe_keys = (
            OutgoingEmail.objects.exclude(dedupe_key=None)
            .values("dedupe_key")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )

        latencies = [r["latency"] for r in uploads if r.get("status") == 200]
        page_latencies = [r["latency"] for r in rush.requests if r["kind"] == "page"]
        job_at = {
            pk: (at.timestamp() - deadline_ts if at else None) for pk, at in processed.items()
        }
        hangups = len([u for u in uploads if u["kind"] == "hangup"])
        bad_clients = Counter(org.bad for org in orgs if org.bad)
        checks = {
            "no lost uploads": lost == 0,
            "stored bytes match": corrupt == 0,
            "no 5xx (clients and access log)": statuses.get(500, 0) == 0 and server_5xx == 0,
            "no client failures": not client_failures,
            "no orphan or temporary files": not orphans and not leftovers and bool(temp_seen),
            "late uploads follow the policy": not [
                p for p in problems if "late" in p or "refused" in p
            ],
            "deadline outcomes right": not wrong_outcomes,
            "deadline job ran during the rush": all(
                at is not None and rush_begin < processed[pk].timestamp() < rush_end
                for pk, at in job_at.items()
            ),
            "messages exact, none twice": duplicates == 0
            and missing_messages == 0
            and unexpected_messages == 0
            and unsent == 0
            and dupe_keys == 0
            and len(mailed) == sum(expected.values()),
            "nothing else wrong": not problems,
        }
        table = [
            ("organisations / meetings", f"{len(orgs)} / {len(meetings)} (accept late, refuse)"),
            ("concurrent clients / gunicorn workers", f"{args.clients} / {args.web_workers}"),
            (
                "requests (page + upload + abandoned)",
                f"{len(rush.requests)} ({len(page_latencies)} + "
                f"{len(uploads) - hangups} + {hangups})",
            ),
            (
                "2xx (pages / uploads)",
                f"{statuses.get(200, 0)} ({len([r for r in answered if r['kind'] == 'page' and r['status'] == 200])}"
                f" / {len([r for r in uploads if r.get('status') == 200])})",
            ),
            (
                "4xx",
                f"{statuses.get(400, 0)} ({', '.join(f'{k}: {v}' for k, v in sorted(reasons.items())) or '–'})",
            ),
            ("5xx (clients / access log)", f"{statuses.get(500, 0)} / {server_5xx}"),
            ("client failures", len(client_failures)),
            (
                "bad clients (truncated file, cut body, hang-up, double submit)",
                f"{bad_clients['truncated']}, {bad_clients['cut']}, {hangups}, {len(doubles)}",
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
            (
                "uploads on time (own deadline) / after it",
                f"{before} / {after} ({accepted_late} accepted late, {refused} refused)",
            ),
            ("accepted on time, stored just after the deadline", straddling),
            (
                "deadline job ran (s after the deadline)",
                ", ".join(f"{at:.1f}" if at is not None else "never" for at in job_at.values()),
            ),
            ("files verified (SHA-256 of stored bytes)", f"{verified} of {len(all_rows)}"),
            ("lost uploads", lost),
            (
                "partial or orphan files / temp upload files left",
                f"{len(orphans)} / {len(leftovers)}",
            ),
            ("temp upload files seen during the rush", len(temp_seen)),
            ("wrong deadline outcomes", len(wrong_outcomes)),
            (
                "messages expected / queued / sent / in mail folder",
                f"{sum(expected.values())} / {len(outbox)} / {sum(sent.values())} / {len(mailed)}",
            ),
            (
                "  of which reminders / summaries / invitations",
                f"{sum(v for (k, _), v in actual.items() if k == 'reminder.1d')} / "
                f"{sum(v for (k, _), v in actual.items() if k == 'deadline.summary')} / "
                f"{sum(v for (k, _), v in actual.items() if k == 'meeting.invitation')}",
            ),
            ("duplicate messages", duplicates + dupe_keys),
            ("messages missing / unexpected", f"{missing_messages} / {unexpected_messages}"),
            ("run time (s)", f"{time.time() - began:.0f}"),
        ]
    width = max(len(name) for name, _ in table)
    lines = ["| measure | value |", "|---|---|"] + [
        f"| {name} | {value} |" for name, value in table
    ]
    print()
    for name, value in table:
        print(f"{name:<{width}}  {value}")
    print()
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    for line in (
        problems
        + wrong_outcomes
        + [f"orphan: {o}" for o in orphans]
        + [f"temporary file: {t}" for t in leftovers]
        + [f"lost: {c}" for c in lost_list]
    )[:30]:
        print("   ", line)
    for failure in client_failures[:5]:
        print("    client failure:", failure.get("error"))
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
                "orphans": orphans,
                "temporary_files": leftovers,
                "requests": rush.requests,
                "orgs": [asdict(org) | {"cookie": None} for org in orgs],
            },
            indent=1,
            default=str,
        )
    )
    print(f"\nWritten to bench/results/stress-{stamp}.md and .json")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
